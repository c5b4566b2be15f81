extension IranHolidays {
    /// An official day off in Iran, with its names. The solar ones fall on the same Jalali day
    /// every year; the lunar ones follow the Hijri calendar and so move about eleven days a year.
    public enum Occasion: String, CaseIterable, Sendable, Hashable, Codable {
        // Solar (Jalali) days.
        case nowruz, nowruzHoliday, islamicRepublicDay, natureDay, khomeiniDeath, khordadUprising, revolutionDay
        case oilNationalisation, lastDayOfLeapYear
        // Lunar (Hijri) days.
        case tasua, ashura, arbaeen, prophetDeath, imamRezaMartyrdom, imamHasanAskariMartyrdom, prophetBirthday
        case fatimaMartyrdom, imamAliBirthday, mabath, mahdiBirthday, imamAliMartyrdom, eidAlFitr, eidAlFitrHoliday
        case imamSadiqMartyrdom, eidAlAdha, eidAlGhadir

        public var kind: Holiday.Kind {
            switch self {
            case .nowruz, .nowruzHoliday, .islamicRepublicDay, .natureDay, .khomeiniDeath, .khordadUprising, .revolutionDay,
                 .oilNationalisation, .lastDayOfLeapYear:
                .fixedSolar
            default:
                .lunar
            }
        }

        public var nameFa: String {
            switch self {
            case .nowruz: "جشن نوروز"
            case .nowruzHoliday: "تعطیلات نوروز"
            case .islamicRepublicDay: "روز جمهوری اسلامی"
            case .natureDay: "روز طبیعت"
            case .khomeiniDeath: "رحلت امام خمینی"
            case .khordadUprising: "قیام ۱۵ خرداد"
            case .revolutionDay: "پیروزی انقلاب اسلامی"
            case .oilNationalisation: "روز ملی شدن صنعت نفت"
            case .lastDayOfLeapYear: "تعطیل ۳۰ اسفند"
            case .tasua: "تاسوعای حسینی"
            case .ashura: "عاشورای حسینی"
            case .arbaeen: "اربعین حسینی"
            case .prophetDeath: "رحلت رسول اکرم و شهادت امام حسن مجتبی"
            case .imamRezaMartyrdom: "شهادت امام رضا"
            case .imamHasanAskariMartyrdom: "شهادت امام حسن عسکری"
            case .prophetBirthday: "میلاد رسول اکرم و امام جعفر صادق"
            case .fatimaMartyrdom: "شهادت حضرت فاطمه زهرا"
            case .imamAliBirthday: "ولادت امام علی و روز پدر"
            case .mabath: "مبعث رسول اکرم"
            case .mahdiBirthday: "ولادت حضرت قائم و جشن نیمه شعبان"
            case .imamAliMartyrdom: "شهادت امام علی"
            case .eidAlFitr: "عید سعید فطر"
            case .eidAlFitrHoliday: "تعطیل به مناسبت عید سعید فطر"
            case .imamSadiqMartyrdom: "شهادت امام جعفر صادق"
            case .eidAlAdha: "عید سعید قربان"
            case .eidAlGhadir: "عید سعید غدیر خم"
            }
        }

        public var nameEn: String {
            switch self {
            case .nowruz: "Nowruz"
            case .nowruzHoliday: "Nowruz holiday"
            case .islamicRepublicDay: "Islamic Republic Day"
            case .natureDay: "Nature Day (Sizdah Bedar)"
            case .khomeiniDeath: "Death of Imam Khomeini"
            case .khordadUprising: "15 Khordad uprising"
            case .revolutionDay: "Islamic Revolution Day"
            case .oilNationalisation: "Oil Nationalisation Day"
            case .lastDayOfLeapYear: "30 Esfand holiday"
            case .tasua: "Tasua"
            case .ashura: "Ashura"
            case .arbaeen: "Arbaeen"
            case .prophetDeath: "Death of the Prophet and martyrdom of Imam Hasan"
            case .imamRezaMartyrdom: "Martyrdom of Imam Reza"
            case .imamHasanAskariMartyrdom: "Martyrdom of Imam Hasan al-Askari"
            case .prophetBirthday: "Birthday of the Prophet and Imam Ja'far al-Sadiq"
            case .fatimaMartyrdom: "Martyrdom of Fatima al-Zahra"
            case .imamAliBirthday: "Birthday of Imam Ali (Father's Day)"
            case .mabath: "Mab'ath (the Prophet's mission)"
            case .mahdiBirthday: "Birthday of Imam Mahdi (15 Sha'ban)"
            case .imamAliMartyrdom: "Martyrdom of Imam Ali"
            case .eidAlFitr: "Eid al-Fitr"
            case .eidAlFitrHoliday: "Eid al-Fitr holiday"
            case .imamSadiqMartyrdom: "Martyrdom of Imam Ja'far al-Sadiq"
            case .eidAlAdha: "Eid al-Adha"
            case .eidAlGhadir: "Eid al-Ghadir"
            }
        }

        /// The holiday of this occasion on civil `day`.
        public func holiday(on day: Int) -> Holiday {
            Holiday(day: day, nameFa: nameFa, nameEn: nameEn, kind: kind)
        }
    }
}
