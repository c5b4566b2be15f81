import Testing
@testable import PeyvandCore

@Suite struct PersianTextTests {
    @Test func arabicYehAndKafBecomePersian() {
        #expect(PersianText.searchKey("علي") == "علی")
        #expect(PersianText.searchKey("موسى") == "موسی")
        #expect(PersianText.searchKey("كريم") == "کریم")
        #expect(PersianText.searchKey("كيان") == PersianText.searchKey("کیان"))
    }

    @Test func hamzaAndAlefVariants() {
        #expect(PersianText.searchKey("أحمد") == "احمد")
        #expect(PersianText.searchKey("إيران") == "ایران")
        #expect(PersianText.searchKey("آرش") == "ارش")
        #expect(PersianText.searchKey("ٱلله") == "الله")
        #expect(PersianText.searchKey("مؤمن") == "مومن")
        #expect(PersianText.searchKey("پائيز") == PersianText.searchKey("پاییز"))
        #expect(PersianText.searchKey("خانۀ") == "خانه")
        #expect(PersianText.searchKey("مدرسة") == "مدرسه")
    }

    @Test func zeroWidthCharactersRemoved() {
        #expect(PersianText.searchKey("می\u{200C}روم") == "میروم")
        #expect(PersianText.searchKey("a\u{200B}b\u{200D}c\u{FEFF}d\u{200E}e\u{200F}f") == "abcdef")
    }

    @Test func tatweelAndHarakatRemoved() {
        #expect(PersianText.searchKey("محـــمد") == "محمد")
        #expect(PersianText.searchKey("مُحَمَّد") == "محمد")
        #expect(PersianText.searchKey("كِتابٌ") == "کتاب")
        #expect(PersianText.searchKey("رحمٰن") == "رحمن")
    }

    @Test func digitsBecomeASCII() {
        #expect(PersianText.searchKey("پلاک ۱۲۳") == "پلاک 123")
        #expect(PersianText.searchKey("٤٥٦") == "456")
    }

    @Test func latinCaseWidthAndDiacritics() {
        #expect(PersianText.searchKey("HeLLo World") == "hello world")
        #expect(PersianText.searchKey("ＡＢＣ１２３") == "abc123")
        #expect(PersianText.searchKey("José Müller") == "jose muller")
        #expect(PersianText.searchKey("Ångström") == "angstrom")
    }

    @Test func whitespaceCollapsedAndTrimmed() {
        #expect(PersianText.searchKey("  علی \t\n  رضایی  ") == "علی رضایی")
        #expect(PersianText.searchKey("a\u{00A0}\u{00A0}b") == "a b")
        #expect(PersianText.searchKey("") == "")
        #expect(PersianText.searchKey(" \u{200C} ") == "")
    }

    @Test func threeFormsOfMohammadrezaAgreeUnderCompactKey() {
        let joined = "محمدرضا"
        let spaced = "محمد رضا"
        let zwnj = "محمد\u{200C}رضا"
        #expect(PersianText.searchKey(zwnj) == PersianText.searchKey(joined))
        #expect(PersianText.searchKey(spaced) == "محمد رضا")
        #expect(PersianText.compactKey(joined) == "محمدرضا")
        #expect(PersianText.compactKey(spaced) == "محمدرضا")
        #expect(PersianText.compactKey(zwnj) == "محمدرضا")
        #expect(PersianText.compactKey("محمد  رضا ") == PersianText.compactKey("محمدرضا"))
    }

    @Test func arabicPresentationFormsFolded() {
        // ﻙ (U+FED9) and ﻱ (U+FEF1) are presentation forms of ك and ي.
        #expect(PersianText.searchKey("\u{FED9}\u{FEF1}") == "کی")
    }

    @Test func digitConversions() {
        #expect(PersianText.persianDigits("0912-123 4567") == "۰۹۱۲-۱۲۳ ۴۵۶۷")
        #expect(PersianText.persianDigits("٠١٢٣٤٥٦٧٨٩") == "۰۱۲۳۴۵۶۷۸۹")
        #expect(PersianText.latinDigits("۰۱۲۳۴۵۶۷۸۹") == "0123456789")
        #expect(PersianText.latinDigits("٠١٢٣٤٥٦٧٨٩ abc") == "0123456789 abc")
        #expect(PersianText.latinDigits("بدون عدد") == "بدون عدد")
    }
}
