/** lakegate's version, as recorded in reports. Keep in step with package.json. */
export const TOOL_VERSION = "0.1.0"
