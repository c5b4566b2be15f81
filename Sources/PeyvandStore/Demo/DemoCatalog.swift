import PeyvandCore

/// The demo's products: goods and services with Persian names, cost prices and list prices in
/// Rials, so margins differ from product to product.
enum DemoCatalog {
    struct Item {
        let sku: String
        let name: String
        let category: String
        let kind: Product.Kind
        let unit: String
        let cost: Int64
        let price: Int64
    }

    static let items: [Item] = [
        Item(sku: "TEA-100", name: "چای ممتاز لاهیجان", category: "خوراکی", kind: .goods, unit: "kg", cost: 900_000, price: 1_450_000),
        Item(sku: "SAF-005", name: "زعفران سرگل ۵ گرمی", category: "خوراکی", kind: .goods, unit: "piece", cost: 2_100_000, price: 3_200_000),
        Item(sku: "PIS-500", name: "پسته اکبری", category: "خوراکی", kind: .goods, unit: "kg", cost: 3_800_000, price: 5_100_000),
        Item(sku: "DAT-001", name: "خرمای مضافتی", category: "خوراکی", kind: .goods, unit: "kg", cost: 450_000, price: 780_000),
        Item(sku: "RUG-240", name: "فرش ماشینی ۱۲ متری", category: "خانه", kind: .goods, unit: "piece", cost: 38_000_000, price: 52_000_000),
        Item(sku: "LMP-020", name: "چراغ مطالعه", category: "خانه", kind: .goods, unit: "piece", cost: 1_900_000, price: 2_900_000),
        Item(sku: "KET-015", name: "کتری برقی", category: "خانه", kind: .goods, unit: "piece", cost: 2_400_000, price: 3_350_000),
        Item(sku: "CUP-006", name: "سرویس فنجان ۶ نفره", category: "خانه", kind: .goods, unit: "set", cost: 1_600_000, price: 2_500_000),
        Item(sku: "PHN-A54", name: "گوشی هوشمند", category: "دیجیتال", kind: .goods, unit: "piece", cost: 210_000_000, price: 236_000_000),
        Item(sku: "EAR-002", name: "هدفون بی‌سیم", category: "دیجیتال", kind: .goods, unit: "piece", cost: 9_500_000, price: 13_900_000),
        Item(sku: "CHG-065", name: "شارژر ۶۵ وات", category: "دیجیتال", kind: .goods, unit: "piece", cost: 1_200_000, price: 2_100_000),
        Item(sku: "LAP-014", name: "لپ‌تاپ ۱۴ اینچ", category: "دیجیتال", kind: .goods, unit: "piece", cost: 480_000_000, price: 530_000_000),
        Item(sku: "PEN-010", name: "خودکار (بسته ۱۰ تایی)", category: "لوازم اداری", kind: .goods, unit: "pack", cost: 180_000, price: 350_000),
        Item(sku: "PPR-A4", name: "کاغذ A4 (بسته)", category: "لوازم اداری", kind: .goods, unit: "pack", cost: 1_050_000, price: 1_400_000),
        Item(sku: "INK-BLK", name: "کارتریج مشکی", category: "لوازم اداری", kind: .goods, unit: "piece", cost: 3_100_000, price: 4_200_000),
        Item(sku: "GFT-NWZ", name: "سبد هدیه نوروزی", category: "هدیه", kind: .goods, unit: "piece", cost: 6_500_000, price: 9_900_000),
        Item(sku: "GFT-YLD", name: "بستهٔ شب یلدا", category: "هدیه", kind: .goods, unit: "piece", cost: 2_800_000, price: 4_600_000),
        Item(sku: "SRV-INS", name: "نصب و راه‌اندازی", category: "خدمات", kind: .service, unit: "hour", cost: 800_000, price: 1_800_000),
        Item(sku: "SRV-SUP", name: "پشتیبانی سالانه", category: "خدمات", kind: .service, unit: "year", cost: 12_000_000, price: 25_000_000),
        Item(sku: "SRV-TRN", name: "آموزش کاربران", category: "خدمات", kind: .service, unit: "hour", cost: 1_500_000, price: 3_500_000),
        Item(sku: "SRV-CON", name: "مشاوره", category: "خدمات", kind: .service, unit: "hour", cost: 2_000_000, price: 4_500_000),
        Item(sku: "DLV-EXP", name: "ارسال فوری", category: "خدمات", kind: .service, unit: "piece", cost: 600_000, price: 950_000),
    ]

    /// Seasonal goods sell mostly around their feast: Nowruz (late Esfand–early Farvardin) and Yalda (late Azar).
    static func seasonalWeight(sku: String, on day: JalaliDate) -> Double {
        let nowruz = (day.month == 12 && day.day >= 10) || (day.month == 1 && day.day <= 13)
        let yalda = day.month == 9 && day.day >= 18
        switch sku {
        case "GFT-NWZ": return nowruz ? 12 : 0.2
        case "GFT-YLD": return yalda ? 12 : 0.2
        default: return 1
        }
    }
}
