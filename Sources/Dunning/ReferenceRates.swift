public import Receivables

/// A yearly interest rate in percent, exact to a hundredth of a percentage point: 10.5 % is 1050 hundredths.
///
/// Never a floating-point number: rates are parsed from their decimal text and added as integers.
public struct InterestRate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The rate in hundredths of a percent: 250 for 2.5 %.
    public let hundredthsOfPercent: Int

    /// A rate from hundredths of a percent (250 for 2.5 %).
    public init(hundredthsOfPercent: Int) {
        self.hundredthsOfPercent = hundredthsOfPercent
    }

    /// The highest rate `init(parsing:)` accepts, 100 %: a reference rate above it is surely a typo.
    public static let maximum = InterestRate(hundredthsOfPercent: 100_00)

    /// Parses a percentage as written in config: digits, at most one `.`, at most two decimals that are not zero
    /// ("2.5", "2", "2.50", "0.25"), from 0 to 100.
    /// - Throws: `ValueError` saying what is wrong with the text.
    public init(parsing text: String) throws(ValueError) {
        func refuse(_ problem: String) -> ValueError { ValueError(expected: "rate", text: text, problem: problem) }
        var whole = 0
        var fraction = 0
        var fractionDigits = 0
        var digitCount = 0
        var hasPoint = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard !hasPoint else { throw refuse("it has more than one '.'") }
                hasPoint = true
                continue
            }
            guard byte >= 0x30 && byte <= 0x39 else {
                throw refuse("expected a percentage such as 2.5 (digits and at most one '.')")
            }
            let digit = Int(byte - 0x30)
            digitCount += 1
            if !hasPoint {
                whole = whole * 10 + digit
                guard whole <= Self.maximum.hundredthsOfPercent / 100 else { throw refuse("it is above 100 %") }
            } else if fractionDigits < 2 {
                fraction = fraction * 10 + digit
                fractionDigits += 1
            } else if digit != 0 {
                throw refuse("it has more than two decimals")
            }
        }
        guard digitCount > 0 else { throw refuse("expected a percentage such as 2.5 (digits and at most one '.')") }
        if fractionDigits == 1 { fraction *= 10 }
        let hundredths = whole * 100 + fraction
        guard hundredths <= Self.maximum.hundredthsOfPercent else { throw refuse("it is above 100 %") }
        self.init(hundredthsOfPercent: hundredths)
    }

    /// The rate this many percentage points higher (the penalty interest margin: reference rate + 7).
    public func adding(percentagePoints points: Int) -> InterestRate {
        InterestRate(hundredthsOfPercent: hundredthsOfPercent + points * 100)
    }

    /// The percentage with at least one and at most two decimals, no `%` sign: "10.5", "11.0", "9.75".
    public var description: String {
        let whole = hundredthsOfPercent / 100
        let fraction = hundredthsOfPercent % 100
        if fraction % 10 == 0 { return "\(whole).\(fraction / 10)" }
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Whether the left rate is lower.
    public static func < (lhs: InterestRate, rhs: InterestRate) -> Bool {
        lhs.hundredthsOfPercent < rhs.hundredthsOfPercent
    }
}

/// The statutory reference rate of the Interest Act (korkolaki 633/1982 12 §) per half-year, as dated data.
///
/// The rate is the ECB's rate on its last main refinancing operation before the half-year, rounded up to the next
/// half percentage point; the Bank of Finland announces it in the Statute Book (12 a §). Each entry covers exactly
/// its own half-year (1.1.–30.6. or 1.7.–31.12.), so the table covers no day before its first entry, after its last
/// entry's half-year, or in a half-year that no entry names.
public struct ReferenceRates: Hashable, Sendable {
    /// The reference rate of one half-year and where it comes from.
    public struct Entry: Hashable, Sendable {
        /// The first day of the half-year: 1 January or 1 July.
        public let from: LocalDate
        /// The reference rate (not yet the penalty rate: see `PenaltyInterest`).
        public let rate: InterestRate
        /// Where the rate is published: the Statute Book notice ("SK 1123/2024"), a Bank of Finland release, or
        /// how it was derived.
        public let source: String

        /// The last day of the half-year: 30 June or 31 December.
        public var through: LocalDate {
            LocalDate(year: from.year, month: from.month + 5, day: from.month == 1 ? 30 : 31)!
        }
    }

    /// The entries, oldest first, one per half-year.
    public let entries: [Entry]

    /// The reference rates shipped with saatava, 2023 H1 through 2026 H1 (shared `law.md` §0, Q5).
    public static let statutory = ReferenceRates(
        sortedEntries: [
            statutoryEntry(2023, 1, 250, "SK 1276/2022 (Bank of Finland notice, 27.12.2022)"),
            statutoryEntry(2023, 7, 400, "SK 882/2023 (Bank of Finland notice, 27.6.2023)"),
            statutoryEntry(2024, 1, 450, "SK 1/2024 (Bank of Finland notice, 22.12.2023)"),
            statutoryEntry(2024, 7, 450, "SK 393/2024 (Bank of Finland notice, 25.6.2024)"),
            statutoryEntry(2025, 1, 350, "SK 1123/2024 (Bank of Finland notice, 30.12.2024)"),
            statutoryEntry(
                2025, 7, 250,
                "derived from the rounding rule of korkolaki 12 §: the ECB main refinancing rate 2.15 % (from"
                    + " 11.6.2025) rounded up to the next half point; the Bank of Finland notice was not found"),
            statutoryEntry(
                2026, 1, 250, "Bank of Finland release of the 2026 H1 rates, https://www.sttinfo.fi/tiedote/71709487/"),
        ])

    private static func statutoryEntry(_ year: Int, _ month: Int, _ hundredths: Int, _ source: String) -> Entry {
        Entry(
            from: LocalDate(year: year, month: month, day: 1)!, rate: InterestRate(hundredthsOfPercent: hundredths),
            source: source)
    }

    private init(sortedEntries: [Entry]) {
        self.entries = sortedEntries
    }

    /// A table that adds entries from config (`referenceRates`) to another table, the statutory one by default.
    ///
    /// An added entry replaces the other table's entry for the same half-year (to correct a derived rate once its
    /// notice is out).
    /// - Parameters:
    ///   - base: The table to extend.
    ///   - added: The entries as parsed from config: the first day of the half-year, the rate as decimal text
    ///     ("2.0"), and its source.
    /// - Throws: `ReferenceRateError` if an entry does not start on 1.1. or 1.7., has a malformed rate or no source,
    ///   or names a half-year that another added entry names too.
    public init(
        extending base: ReferenceRates = .statutory, with added: [(from: LocalDate, rate: String, source: String)]
    ) throws(ReferenceRateError) {
        var byStart: [LocalDate: Entry] = [:]
        for entry in base.entries { byStart[entry.from] = entry }
        var seen: Set<LocalDate> = []
        for (from, text, source) in added {
            guard from.day == 1 && (from.month == 1 || from.month == 7) else {
                throw ReferenceRateError(from: from, problem: .notHalfYearStart)
            }
            let rate: InterestRate
            do { rate = try InterestRate(parsing: text) } catch {
                throw ReferenceRateError(from: from, problem: .malformedRate(error))
            }
            guard source.contains(where: { !$0.isWhitespace }) else {
                throw ReferenceRateError(from: from, problem: .missingSource)
            }
            guard seen.insert(from).inserted else { throw ReferenceRateError(from: from, problem: .duplicate) }
            byStart[from] = Entry(from: from, rate: rate, source: source)
        }
        self.init(sortedEntries: byStart.values.sorted { $0.from < $1.from })
    }

    /// The reference rate on a day and its source, or nil if the table does not cover that day.
    public func rate(on day: LocalDate) -> (rate: InterestRate, source: String)? {
        guard let entry = entry(on: day) else { return nil }
        return (entry.rate, entry.source)
    }

    /// The entry whose half-year holds the day, if there is one.
    public func entry(on day: LocalDate) -> Entry? {
        // The last entry that starts on or before the day (by halves over the sorted starts).
        let low = entries.partitioningIndex { $0.from > day }
        guard low > 0, day <= entries[low - 1].through else { return nil }
        return entries[low - 1]
    }
}

/// Why a `referenceRates` entry from config was refused.
public struct ReferenceRateError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong with an entry.
    public enum Problem: Equatable, Sendable {
        /// `from` is not 1 January or 1 July.
        case notHalfYearStart
        /// The rate text is not an exact percentage.
        case malformedRate(ValueError)
        /// The entry has an empty source.
        case missingSource
        /// Another added entry names the same half-year.
        case duplicate
    }

    /// The entry's `from` date.
    public let from: LocalDate
    /// What is wrong with it.
    public let problem: Problem

    /// Creates an error for the entry starting on `from`.
    public init(from: LocalDate, problem: Problem) {
        self.from = from
        self.problem = problem
    }

    /// "reference rate from DATE: " and what is wrong, e.g. that the rate has more than two decimals.
    public var description: String {
        let problemText: String
        switch problem {
        case .notHalfYearStart:
            problemText = "a reference rate starts on the first day of a half-year, 1 January or 1 July"
        case .malformedRate(let error): problemText = error.description
        case .missingSource: problemText = "it needs a source (the Statute Book notice or the Bank of Finland release)"
        case .duplicate: problemText = "another entry names the same half-year"
        }
        return "reference rate from \(from): \(problemText)"
    }
}
