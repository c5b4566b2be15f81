// Micro-benchmarks of PeyvandCore's hot value parsers and normalisers.
//
// Each benchmark runs 1,000 calls per measured iteration (`scalingFactor: .kilo`),
// so wall clock and malloc counts are per call and throughput is calls per second.
import Benchmark
import Foundation
import PeyvandCore

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 3,
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 1_000
    )

    // A typical full name as typed on an Arabic keyboard layout (ي U+064A, ك U+0643),
    // with ZWNJs (U+200C) inside "محمد‌رضا" and "نيك‌نام".
    let name = "محمد\u{200C}رضا نيك\u{200C}نام كريمي"
    precondition(PersianText.searchKey(name) == "محمدرضا نیکنام کریمی", "unexpected search key \(PersianText.searchKey(name))")

    Benchmark("PersianText.searchKey (Arabic ي/ك + ZWNJ name)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(PersianText.searchKey(name))
        }
    }

    // A mobile number in Persian digits with spaces, as people type it.
    let phone = "۰۹۱۲ ۱۲۳ ۴۵۶۷"
    precondition((try? PhoneNumber(parsing: phone))?.e164 == "+989121234567")

    Benchmark("PhoneNumber(parsing: \"۰۹۱۲ ۱۲۳ ۴۵۶۷\")") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? PhoneNumber(parsing: phone))
        }
    }

    Benchmark("JalaliDate(gregorianYear:month:day:) (Gregorian → Jalali)") { benchmark in
        // 1,000 consecutive days of 2024–2026, so every month and a leap year are covered.
        for i in benchmark.scaledIterations {
            blackHole(JalaliDate(gregorianYear: 2024, month: 1, day: 1 + i))
        }
    }

    let jalali = (0..<1_000).map { JalaliDate(gregorianYear: 2024, month: 1, day: 1 + $0) }
    Benchmark("JalaliDate.gregorian (Jalali → Gregorian)") { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(jalali[i % jalali.count].gregorian)
        }
    }

    // An instant (Date) to the Jalali calendar day in Tehran.
    let tehran = TimeZone(identifier: "Asia/Tehran")!
    let start = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01T00:00:00Z
    Benchmark("JalaliDate(_:timeZone:) (Date in Asia/Tehran → Jalali)") { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(JalaliDate(start.addingTimeInterval(Double(i) * 86_399), timeZone: tehran))
        }
    }

    let amounts = ["1,250,000", "۱۲۵۰۰۰۰", "-3500000", "99.99", "12 500 000", "٤٥٠٠٠"]
    let currencies: [Currency] = [.irr, .irr, .irr, .usd, .irr, .irr]
    for (a, c) in zip(amounts, currencies) { precondition((try? Money(major: a, currency: c)) != nil, "\(a) did not parse") }

    Benchmark("Money(major:currency:) parse (mixed digits/separators)") { benchmark in
        for i in benchmark.scaledIterations {
            let k = i % amounts.count
            blackHole(try? Money(major: amounts[k], currency: currencies[k]))
        }
    }

    // The largest customer the API accepts (every list at its limit), and the hostile one that
    // took 25.6 s of CPU before lists were bounded first: 20,000 tags, now refused unread.
    let largest = CustomerInput(
        name: String(repeating: "ن", count: CustomerInput.Limits.name),
        phones: (0..<CustomerInput.Limits.phones).map { "0912\(String(format: "%07d", $0))" },
        emails: (0..<CustomerInput.Limits.emails).map { "person\($0)@example.com" },
        city: String(repeating: "ش", count: CustomerInput.Limits.city),
        tags: (0..<CustomerInput.Limits.listItems).map { "برچسب \($0 % CustomerInput.Limits.tags)" },
        customFields: Dictionary(uniqueKeysWithValues: (0..<CustomerInput.Limits.customFields).map {
            ("field\($0)", String(repeating: "x", count: CustomerInput.Limits.customFieldValue))
        })
    )
    precondition((try? largest.validated()) != nil, "the largest allowed customer must validate")
    let hostile = CustomerInput(name: "Tags", tags: (0..<20_000).map { "tag \($0)" })

    Benchmark("CustomerInput.validated (largest allowed body)", configuration: .init(scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try? largest.validated()) }
    }

    Benchmark("CustomerInput.validated (20,000 tags, refused)", configuration: .init(scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try? hostile.validated()) }
    }
}
