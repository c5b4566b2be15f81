/// Word lists for demo data: Persian and English names, Iranian cities, company words.
/// A few Persian names are spelled with Arabic ي and ك on purpose, as real data often is.
enum DemoNames {
    static let persianMale = ["علی", "محمد", "حسین", "رضا", "مهدی", "امیر", "محمدرضا", "سعید", "حمید", "مجید", "کامران", "بهرام",
                              "داریوش", "کوروش", "آرش", "بابک", "فرهاد", "پیمان", "نیما", "سینا", "امید", "یاسر", "مسعود", "ایمان"]
    static let persianFemale = ["فاطمه", "زهرا", "مریم", "سارا", "نرگس", "لیلا", "شیرین", "مهسا", "الهام", "پریسا", "نازنین", "ساناز",
                                "آزاده", "شیما", "مینا", "رویا", "فرناز", "یاسمن", "هستی", "ترانه", "نگار", "کیمیا", "سمیرا", "بهاره"]
    static let persianFamily = ["رضایی", "محمدی", "حسینی", "احمدی", "کریمی", "موسوی", "جعفری", "صادقی", "رحیمی", "نوری", "کاظمی",
                                "قاسمی", "حیدری", "اکبری", "تهرانی", "شیرازی", "اصفهانی", "یزدانی", "کرمانی", "نیک‌نام", "پاکزاد",
                                "فرهادی", "زمانی", "ملکی", "توکلی", "بهرامی", "سلیمانی", "امینی", "یوسفی", "عباسی"]
    /// The same kind of names as typed on an Arabic keyboard layout (ي/ك).
    static let arabicVariants = ["علي", "مهدي", "كامران", "كوروش", "رضايي", "كريمي", "كاظمي", "يزداني", "نيك‌نام", "بهرامي"]
    static let englishFirst = ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Sarah",
                               "Daniel", "Emma", "Thomas", "Olivia", "Peter", "Sophie", "Andrew", "Hannah", "Mark", "Laura"]
    static let englishLast = ["Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Roberts", "Walker",
                              "Wright", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall", "Wood", "Harris", "Clarke"]
    static let persianCities = ["تهران", "مشهد", "اصفهان", "شیراز", "تبریز", "کرج", "اهواز", "قم", "کرمانشاه", "رشت", "یزد", "کرمان",
                                "همدان", "ارومیه", "اراک", "زنجان", "ساری", "بندرعباس", "قزوین", "سنندج"]
    /// Area codes of the cities above, in the same order.
    static let areaCodes = ["21", "51", "31", "71", "41", "26", "61", "25", "83", "13", "35", "34", "81", "44", "86", "24", "11", "76", "28", "87"]
    static let englishCities = ["Tehran", "Mashhad", "Isfahan", "Shiraz", "Tabriz", "Dubai", "London", "Istanbul", "Berlin", "Toronto"]
    static let companyWords = ["پارس", "آریا", "نوین", "سپهر", "البرز", "دماوند", "کیان", "آسیا", "ایران", "مهر", "پویا", "راد"]
    static let companyKinds = ["بازرگانی", "صنایع", "فناوری", "پخش", "ساختمانی", "داروسازی", "حمل و نقل", "غذایی"]
    static let englishCompanies = ["Atlas", "Northwind", "Contoso", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Acme", "Vertex"]
    static let englishCompanyKinds = ["Trading", "Logistics", "Software", "Foods", "Pharma", "Engineering"]
    static let tags = ["VIP", "عمده‌فروش", "نمایشگاه", "خبرنامه", "وفادار", "newsletter", "wholesale", "referral", "معرفی‌شده", "B2B"]
    static let jobTitles = ["مدیر خرید", "کارشناس فروش", "مدیرعامل", "مدیر مالی", "Purchasing manager", "Sales engineer", "CEO", "Accountant"]
    static let industries = ["retail", "manufacturing", "services", "healthcare", "education", "construction", "IT"]
}
