import Receivables

/// `saatava parse`: reads input files and writes their records as JSON Lines.
public enum ParseFiles {
    /// What a parse run came to.
    public struct Outcome: Sendable {
        /// Records written.
        public var records = 0
        /// Files refused as bad data.
        public var badFiles = 0
        /// Files missing or unreadable.
        public var missingFiles = 0
    }

    /// Parses each file in turn (a bad file is reported and the others still parsed).
    /// - Parameters:
    ///   - paths: The files, in order.
    ///   - format: The format to expect, or nil to tell each file's format by its content.
    ///   - output: Where records go.
    ///   - report: Receives each problem as a line: `FILE:LINE:COL: reason`, or a warning.
    public static func run(
        _ paths: [String], format: InputFormat?, output: JSONLinesWriter, report: (String) -> Void
    ) -> Outcome {
        var outcome = Outcome()
        for path in paths {
            do {
                let detected = try InputDetection.detect(path)
                if let format, format != detected {
                    throw InputError(
                        isMissing: false,
                        description: "\(path): expected a \(format.displayName) file, but it is \(detected.displayName)")
                }
                try detected.parse(path) { item in
                    switch item {
                    case .payment(let payment): output.write(payment)
                    case .invoice(let invoice): output.write(invoice)
                    case .diagnostic(let diagnostic):
                        report(diagnostic.description)
                        return
                    }
                    outcome.records += 1
                }
            } catch let error as InputError {
                output.flush()
                report(error.description)
                if error.isMissing { outcome.missingFiles += 1 } else { outcome.badFiles += 1 }
            } catch {
                output.flush()
                report("\(error)")
                outcome.badFiles += 1
            }
        }
        output.flush()
        return outcome
    }
}
