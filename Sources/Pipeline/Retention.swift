public import Receivables

/// How long archive/<day>/ folders are kept (the config's `retention`): never deleted unless the config says so, and
/// then never before the law allows.
///
/// Kirjanpitolaki (1336/1997) 2 luku 10 § keeps vouchers (tositteet: the bank files and invoices the archive holds)
/// at least 6 years from the end of the year in which the financial year ended, and the books 10 years. An archive
/// day D is kept through 31 December of the year in which the financial year containing D ended, plus
/// `archiveYears` (6 or more) years, and may be deleted from the next day on: with financial years ending 31.12., a
/// day of 2020 is kept through 31.12.2026 and deletable from 1.1.2027.
public struct Retention: Sendable, Equatable {
    /// The law's minimum for vouchers, in years (Kirjanpitolaki 2:10 §).
    public static let legalMinimumYears = 6

    /// How many years after the end of the year in which a day's financial year ended its archive is kept.
    public let archiveYears: Int
    /// The month of the financial year's last day.
    public let yearEndMonth: Int
    /// The financial year's last day of the month (29 in February: the month's last day, 28 in common years).
    public let yearEndDay: Int

    /// A retention of `archiveYears` years for financial years ending on `financialYearEnd` (`d.M.`, e.g. `31.12.`
    /// or `30.6.`).
    /// - Throws: `RetentionError` when `archiveYears` is below the law's 6 or the year end is no day of the year.
    public init(archiveYears: Int, financialYearEnd: String = "31.12.") throws(RetentionError) {
        guard archiveYears >= Self.legalMinimumYears else {
            throw RetentionError(
                key: "archiveYears",
                message: "must be \(Self.legalMinimumYears) or more, not \(archiveYears): Kirjanpitolaki (1336/1997) "
                    + "2 luku 10 § keeps vouchers 6 years from the end of the year in which the financial year ended")
        }
        guard let (day, month) = Self.dayAndMonth(financialYearEnd) else {
            throw RetentionError(
                key: "financialYearEnd",
                message: "is the financial year's last day as d.M. (\"31.12.\", \"30.6.\"), not '\(financialYearEnd)'")
        }
        self.archiveYears = archiveYears
        yearEndMonth = month
        yearEndDay = day
    }

    /// The last day of the financial year that contains `day`.
    public func financialYearEnd(containing day: LocalDate) -> LocalDate {
        let end = yearEnd(in: day.year)
        return day <= end ? end : yearEnd(in: day.year + 1)
    }

    /// The last day the archive of `day` is kept: 31 December, `archiveYears` years after the year in which the
    /// financial year containing `day` ended; nil when that is past the year 9999 (kept for ever).
    public func lastKeptDay(for day: LocalDate) -> LocalDate? {
        LocalDate(year: financialYearEnd(containing: day).year + max(archiveYears, Self.legalMinimumYears), month: 12, day: 31)
    }

    /// Whether the archive of `day` may be deleted in a run as of `asOf`: only after its last kept day.
    public func isDeletable(_ day: LocalDate, asOf: LocalDate) -> Bool {
        guard let last = lastKeptDay(for: day) else { return false }
        return asOf > last
    }

    /// The financial year's end in `year` (29.2. is 28.2. in a common year).
    private func yearEnd(in year: Int) -> LocalDate {
        LocalDate(year: year, month: yearEndMonth, day: yearEndDay)
            ?? LocalDate(year: year, month: yearEndMonth, day: yearEndDay - 1)!
    }

    /// `d.M.` (the last dot may be left out) as day and month, when some year has that day (2000 is a leap year).
    private static func dayAndMonth(_ text: String) -> (day: Int, month: Int)? {
        var parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 3 && parts[2].isEmpty { parts.removeLast() }
        guard parts.count == 2, parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let day = Int(parts[0]), let month = Int(parts[1]), LocalDate(year: 2000, month: month, day: day) != nil
        else { return nil }
        return (day, month)
    }
}

/// A retention setting that is refused: which key and why.
public struct RetentionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key under `retention` (`archiveYears`, `financialYearEnd`).
    public let key: String
    /// What is wrong, as words that follow the key.
    public let message: String

    public var description: String { "'retention.\(key)' \(message)" }
}
