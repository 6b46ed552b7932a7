import Foundation
public import Receivables

/// What time it is, for a run: its timestamps, and the day it is for when none is named. Tests give a clock of their
/// own to run "the day after tomorrow".
public protocol RunClock: Sendable {
    /// Now, as an ISO 8601 timestamp (the ledger's `runs.started_at` and `finished_at`).
    var timestamp: String { get }
    /// Today in Europe/Helsinki, the calendar saatava keeps.
    var today: LocalDate { get }
}

/// The system's clock.
public struct SystemClock: RunClock {
    /// The system's clock.
    public init() {}

    public var timestamp: String { ISO8601DateFormatter().string(from: Date()) }

    public var today: LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Helsinki") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
