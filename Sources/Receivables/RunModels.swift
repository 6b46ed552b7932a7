/// A run as the ledger's `runs` table keeps it: its day, how it ended and how long it took.
public struct RunView: Sendable, Equatable {
    /// Whether the run is going (or was killed), finished, or stopped on a fault.
    public enum Status: String, Sendable {
        case running, finished, failed
    }

    public let id: Int64
    public let asOf: LocalDate
    /// ISO 8601 timestamps.
    public let startedAt: String
    public let finishedAt: String?
    public let status: Status
    /// The process's exit code (0, or 64, 65, 75 for a finished run; the fault's code for a failed one); nil for a
    /// run still going, or one recorded by a saatava before exit codes were kept.
    public let exitCode: Int32?
    /// The run's length in seconds, when it finished.
    public let seconds: Double?
    /// Why a failed run stopped.
    public let problem: String?

    /// Creates a run's view.
    public init(
        id: Int64, asOf: LocalDate, startedAt: String, finishedAt: String?, status: Status, exitCode: Int32?, seconds: Double?,
        problem: String?
    ) {
        self.id = id
        self.asOf = asOf
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.exitCode = exitCode
        self.seconds = seconds
        self.problem = problem
    }
}

/// Something a finished run told a person once, kept with the run so that `saatava status` can say it after the
/// day's report has scrolled away. (What stays until a person acts, such as a quarantined file or a payment to
/// decide, is read where it is.)
public struct RunFinding: Sendable, Equatable {
    /// What kind of thing waits.
    public enum Kind: String, Sendable {
        /// Records received again with other content than the ledger holds (the originals were kept).
        case conflict
        /// An accountant's decisions file refused whole.
        case refusedDecision = "refused_decision"
        /// A payment plan ended by a missed instalment: the customer's invoices are dunned again.
        case brokenPlan = "broken_plan"
    }

    public let kind: Kind
    /// The file or hold it is about (`decisions/x.csv`, `hold 3 (plan on invoice 1001)`).
    public let subject: String
    /// What happened, as the run said it.
    public let detail: String

    /// Creates a finding.
    public init(_ kind: Kind, subject: String, detail: String) {
        self.kind = kind
        self.subject = subject
        self.detail = detail
    }
}
