import Receivables

// The harness of a reader of files (camt, Finvoice, KTL): the contract every such reader keeps, checked on each input.

/// What a reader made of one file: its records and diagnostics, or the error that refused it.
struct Outcome<Record: Equatable, Failure: Error & Equatable>: Equatable {
    var records: [Record] = []
    var diagnostics: [Diagnostic] = []
    var error: Failure?
}

/// Drives a reader over each input. Contract: records, or an error of the reader's own type at a line and column of
/// the file (never another error, never a crash); each record passes `check`; each diagnostic has a place; the same
/// input read again, after a reference file now and then, gives the same outcome (no state kept between files).
struct FileReaderHarness<Record: Equatable, Failure: Error & Equatable> {
    typealias Read = (String, (Diagnostic) -> Void, (Record) throws -> Void) throws -> Void

    private let inputName: String
    private let read: Read
    private let place: (Failure) -> SourceLocation
    private let check: (Record, String) -> Void
    private let referencePath: String
    private var referenceOutcome = Outcome<Record, Failure>()
    private var inputs = 0

    /// - Parameters:
    ///   - inputName: The file name each input is written to.
    ///   - reference: A valid file with `referenceRecords` records, read between inputs.
    ///   - read: The reader: a path, then the diagnostics' and the records' receivers.
    ///   - place: Where an error says the problem is.
    ///   - check: The contract of one record read from the file at the given path.
    init(
        inputName: String, reference: [UInt8], referenceRecords: Int, read: @escaping Read,
        place: @escaping (Failure) -> SourceLocation, check: @escaping (Record, String) -> Void
    ) {
        self.inputName = inputName
        self.read = read
        self.place = place
        self.check = check
        referencePath = reference.withUnsafeBufferPointer { writeInput($0.baseAddress!, $0.count, name: "reference") }
        referenceOutcome = outcome(referencePath)
        require(
            referenceOutcome.error == nil && referenceOutcome.records.count == referenceRecords,
            "the reference file reads as \(referenceOutcome)")
    }

    private func outcome(_ path: String) -> Outcome<Record, Failure> {
        var outcome = Outcome<Record, Failure>()
        do {
            try read(path, { outcome.diagnostics.append($0) }, { outcome.records.append($0) })
        } catch let error as Failure {
            let location = place(error)
            require(location.file == path && location.line >= 1 && location.column >= 1, "error without a place: \(error)")
            outcome.error = error
        } catch {
            require(false, "an error that is not a \(Failure.self): \(error)")
        }
        outcome.records.forEach { check($0, path) }
        for diagnostic in outcome.diagnostics {
            require(diagnostic.file == path && diagnostic.line >= 1, "diagnostic without a place: \(diagnostic)")
        }
        return outcome
    }

    /// Checks one input.
    mutating func run(_ data: UnsafePointer<UInt8>, _ size: Int) {
        let path = writeInput(data, size, name: inputName)
        let first = outcome(path)
        // The reference file after every 16th input: enough to see state left behind, at a fraction of the cost.
        inputs += 1
        if inputs % 16 == 0 {
            require(outcome(referencePath) == referenceOutcome, "the reference file reads otherwise after this input")
        }
        require(outcome(path) == first, "the same input read twice gives two outcomes")
    }
}
