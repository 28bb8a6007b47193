/**
 * The fixed product catalogue: 200 products in 10 categories, each with one
 * id, one name and a list price in cents. A product id always carries the
 * same name in generated data (except for the `conflicting_product_name`
 * defect). Some names hold characters that need care: double quotes, `&`,
 * apostrophes, accented letters.
 */
import { jsonEscape, utf8 } from "./bytes.ts"

/** One catalogue product. */
export interface Product {
  readonly id: number
  readonly name: string
  /** The name JSON-escaped and UTF-8 encoded, without the surrounding quotes. */
  readonly nameBytes: Uint8Array
  readonly priceCents: number
}

/** Product ids are FIRST_PRODUCT_ID + position in the list. */
const FIRST_PRODUCT_ID = 1001

const RAW: ReadonlyArray<readonly [string, number]> = [
  // Electronics
  ["Wireless Mouse", 2999],
  ["Mechanical Keyboard", 8999],
  ["USB-C Charger 65W", 3999],
  ["27\" 4K Monitor", 32999],
  ["Noise-Cancelling Headphones", 19999],
  ["Bluetooth Speaker", 5999],
  ["1080p Webcam", 4999],
  ["USB-C Hub 7-in-1", 3499],
  ["Portable SSD 1TB", 10999],
  ["Wireless Earbuds", 7999],
  ["Smartwatch", 24999],
  ["Fitness Tracker", 6999],
  ["E-Reader", 12999],
  ["10\" Tablet", 32900],
  ["Phone Case", 1999],
  ["Screen Protector 2-Pack", 999],
  ["HDMI Cable 2m", 1299],
  ["Power Bank 20000mAh", 4499],
  ["Smart Plug 2-Pack", 2499],
  ["Wi-Fi Router", 12999],
  // Kitchen
  ["Chef's Knife 8\"", 5999],
  ["Cast Iron Skillet 12\"", 3999],
  ["Nonstick Frying Pan", 2999],
  ["Stainless Saucepan", 3499],
  ["French Press", 2499],
  ["Espresso Machine", 29999],
  ["Electric Kettle", 3999],
  ["Countertop Blender", 7999],
  ["2-Slice Toaster", 3499],
  ["Bamboo Cutting Board", 1999],
  ["Measuring Cups Set", 1299],
  ["Silicone Spatula Set", 1499],
  ["Dutch Oven 5.5qt", 8999],
  ["Salad Spinner", 2499],
  ["Digital Kitchen Scale", 1999],
  ["Knife Sharpener", 2299],
  ["Mixing Bowl Set", 2999],
  ["Baking Sheet 2-Pack", 1899],
  ["Burr Coffee Grinder", 4999],
  ["Wine Glasses Set of 4", 3499],
  // Grocery
  ["Café Crème Espresso Beans 1kg", 2499],
  ["Organic Green Tea 100ct", 1299],
  ["Extra Virgin Olive Oil 1L", 1599],
  ["Dark Chocolate 85%", 399],
  ["Maple Syrup 500ml", 1299],
  ["Basmati Rice 5kg", 1899],
  ["Whole Bean Coffee 340g", 1399],
  ["Almond Butter", 1199],
  ["Sea Salt Flakes", 699],
  ["Manuka Honey 250g", 2999],
  ["Rolled Oats 1kg", 499],
  ["Sparkling Water 12-Pack", 799],
  ["Pasta Variety Pack", 1099],
  ["Jalapeño Hot Sauce Trio", 1499],
  ["Dried Mango 500g", 899],
  ["Mixed Nuts 1kg", 1999],
  ["Jasmine Tea Tin", 1099],
  ["Matcha Powder 100g", 2299],
  ["Honey & Oat Granola", 599],
  ["Protein Bars 12-Pack", 2499],
  // Home
  ["Knit Throw Blanket", 3999],
  ["Scented Candle", 1899],
  ["Memory Foam Pillow", 4999],
  ["Bath Towel Set", 3999],
  ["Cotton Sheet Set, Queen", 7999],
  ["LED Desk Lamp", 3499],
  ["Wall Clock", 2499],
  ["Picture Frame 8x10", 1499],
  ["Storage Baskets 3-Pack", 2999],
  ["Coir Doormat", 1999],
  ["Shower Curtain", 1799],
  ["Laundry Hamper", 2499],
  ["HEPA Air Purifier", 14999],
  ["Robot Vacuum", 27999],
  ["Cool Mist Humidifier", 4999],
  ["Ceramic Vase", 2299],
  ["Arc Floor Lamp", 8999],
  ["Blackout Curtains", 3999],
  ["Area Rug 5x7", 12999],
  ["Entryway Coat Rack", 4499],
  // Clothing
  ["Cotton T-Shirt", 1499],
  ["Slim Fit Jeans", 5999],
  ["Hooded Sweatshirt", 4499],
  ["Rain Jacket", 8999],
  ["Wool Beanie", 1999],
  ["Running Shorts", 2999],
  ["Merino Socks 3-Pack", 2499],
  ["Leather Belt", 3499],
  ["Down Vest", 9999],
  ["Flannel Shirt", 3999],
  ["Chino Pants", 4999],
  ["Yoga Leggings", 4499],
  ["Piqué Polo Shirt", 3499],
  ["Winter Gloves", 2499],
  ["Silk Scarf", 3999],
  ["Denim Jacket", 7999],
  ["Pajama Set", 3999],
  ["Baseball Cap", 1999],
  ["Cardigan Sweater", 5999],
  ["Swim Trunks", 2999],
  // Sports & outdoors
  ["Yoga Mat", 2999],
  ["Dumbbell Set 20kg", 8999],
  ["Resistance Bands", 1999],
  ["Running Shoes", 11999],
  ["Hiking Boots", 14999],
  ["Camping Tent, 2-Person", 15999],
  ["Sleeping Bag", 8999],
  ["Insulated Water Bottle", 2999],
  ["Trekking Poles", 4999],
  ["Bike Helmet", 5999],
  ["Bike Lights Set", 2499],
  ["Jump Rope", 999],
  ["Foam Roller", 2499],
  ["LED Headlamp", 2999],
  ["Camping Stove", 4999],
  ["Daypack 25L", 5999],
  ["Swim Goggles", 1799],
  ["Tennis Balls 3-Pack", 599],
  ["Basketball", 2999],
  ["Cooler 45qt", 9999],
  // Beauty & personal care
  ["Shampoo 400ml", 1299],
  ["Conditioner 400ml", 1299],
  ["Gentle Facial Cleanser", 1499],
  ["Moisturizer SPF 30", 2499],
  ["Electric Toothbrush", 6999],
  ["Toothpaste 2-Pack", 799],
  ["Hair Dryer", 4999],
  ["Beard Trimmer", 3999],
  ["Lip Balm 4-Pack", 699],
  ["Body Lotion", 1199],
  ["Sunscreen SPF 50", 1599],
  ["Hand Cream", 899],
  ["Nail Care Set", 1299],
  ["Makeup Brush Set", 2499],
  ["Eau de Parfum 50ml", 6999],
  ["Razor Blades 8-Pack", 1999],
  ["Bath Bombs 6-Pack", 1999],
  ["Sheet Face Masks 10-Pack", 1499],
  ["Deodorant", 699],
  ["Argan Hair Serum", 1899],
  // Books & stationery
  ["Hardcover Notebook A5", 1499],
  ["Fountain Pen", 3999],
  ["Gel Pens 12-Pack", 1299],
  ["Desk Planner 2026", 1999],
  ["Sketchbook", 1299],
  ["Watercolor Paint Set", 2499],
  ["Novel: \"The Quiet Harbor\"", 1699],
  ["Cookbook: Weeknight Dinners", 2999],
  ["Children's Picture Book", 1299],
  ["Jigsaw Puzzle 1000 Pieces", 2299],
  ["Board Game: Castles & Kingdoms", 3999],
  ["Sticky Notes 12-Pack", 999],
  ["Highlighters 6-Pack", 799],
  ["Document Folder", 1299],
  ["Desk Organizer", 2499],
  ["Calligraphy Kit", 2999],
  ["World Atlas", 3499],
  ["Crossword Collection", 1199],
  ["Journal with Lock", 1899],
  ["Graph Paper Pad", 699],
  // Toys & baby
  ["Building Blocks 500pc", 3999],
  ["Plush Teddy Bear", 1999],
  ["Wooden Train Set", 4999],
  ["Remote Control Car", 3999],
  ["Kids' Art Easel", 5999],
  ["Video Baby Monitor", 8999],
  ["Diapers Size 3, 120ct", 3999],
  ["Baby Wipes 6-Pack", 1999],
  ["Sippy Cups 3-Pack", 1299],
  ["Stroller Fan", 1999],
  ["Kids' Scooter", 5999],
  ["Wooden Dollhouse", 8999],
  ["Junior Science Kit", 2999],
  ["Floor Puzzle for Kids", 999],
  ["Bath Toys Set", 1499],
  ["Teething Ring", 799],
  ["Crib Mobile", 3499],
  ["Play Tent", 3999],
  ["Crayons 64-Pack", 699],
  ["Card Game: Color Match", 999],
  // Pets & garden
  ["Dry Dog Food 12kg", 5499],
  ["Clumping Cat Litter 10kg", 1999],
  ["Dog Leash", 1799],
  ["Cat Scratching Post", 3499],
  ["Pet Bed, Large", 4999],
  ["Dog Chew Toys 3-Pack", 1499],
  ["Cat Treats", 799],
  ["Aquarium Filter", 2999],
  ["Bird Feeder", 2499],
  ["Garden Hose 25m", 3999],
  ["Pruning Shears", 2299],
  ["Potting Soil 40L", 1299],
  ["Heirloom Tomato Seeds", 399],
  ["Watering Can", 1999],
  ["Solar Path Lights 6-Pack", 3499],
  ["Raised Garden Bed", 8999],
  ["Garden Gloves", 999],
  ["Lawn Fertilizer", 2499],
  ["Terracotta Plant Pots 3-Pack", 2199],
  ["Compost Bin", 6999]
]

/** The catalogue, in product id order. */
export const PRODUCTS: ReadonlyArray<Product> = RAW.map(([name, priceCents], i) => ({
  id: FIRST_PRODUCT_ID + i,
  name,
  nameBytes: utf8(jsonEscape(name)),
  priceCents
}))

/** The product at a catalogue position (0 ≤ index < PRODUCTS.length). */
export const productAt = (index: number): Product => PRODUCTS[index] as Product

/**
 * A different name for an existing product, as a careless upstream system
 * would send it (the `conflicting_product_name` defect).
 */
export const conflictingName = (product: Product, variant: number): string => {
  switch (variant % 4) {
    case 0:
      return product.name + " (Refurbished)"
    case 1:
      return product.name + " v2"
    case 2:
      return "Legacy " + product.name
    default:
      return product.name + " - Bundle"
  }
}
