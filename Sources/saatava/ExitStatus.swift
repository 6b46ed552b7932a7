import Pipeline

/// Process exit codes (sysexits.h), as DESIGN.md §3.1 lists them.
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
        switch kind {
        case .busy: self = .temporaryFailure
        case .usage: self = .usage
        case .noInput: self = .noInput
        case .cannotCreate: self = .cannotCreate
        case .ioError: self = .ioError
        }
    }
}
