import Pipeline

/// Process exit codes (sysexits.h), as docs/design.md lists them.
enum ExitStatus: Int32 {
    case ok = 0
    case failure = 1
    case usage = 64
    case dataError = 65
    case noInput = 66
    case cannotCreate = 73
    case ioError = 74
    case temporaryFailure = 75
}

extension ExitStatus {
    /// The exit code of a run that could not start or finish.
    init(_ kind: DailyRun.RunError.Kind) {
        self = ExitStatus(rawValue: kind.rawValue) ?? .failure
    }
}

extension ExitStatus {
    /// Says on stderr what went wrong and returns its exit code: a bad config 64, a failure of the pipeline its
    /// own code, anything else 1.
    static func reporting(_ error: any Error) -> ExitStatus {
        Console.error("Error: \(DailyRun.described(error))")
        switch error {
        case is RunConfig.ConfigError: return .usage
        case let failure as DailyRun.RunError: return ExitStatus(failure.kind)
        default: return .failure
        }
    }
}
