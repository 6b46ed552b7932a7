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

    public var timestamp: String { Timestamps.utc(Self.now) }

    public var today: LocalDate { Timestamps.helsinkiDay(Self.now) }

    /// Seconds since 1970-01-01 UTC.
    private static var now: Int64 { Int64(Date().timeIntervalSince1970.rounded(.down)) }
}
