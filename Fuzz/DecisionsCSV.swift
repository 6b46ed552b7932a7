@testable import Pipeline
import Receivables

// The accountant's decisions CSV (inbox/decisions/*.csv). Contract (Support/CSVChecks.swift): rows, or a refusal
// naming the file and the line; every row read has a line of the file (increasing) and a decision, `assign` with an
// invoice number, trimmed; the same file read twice gives the same rows; and the CSV layer round-trips.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecisionsCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    checkCSVReader(
        data, size, name: "decisions.csv",
        header: ["archiveId", "bookingDate", "amount", "action", "invoiceNumber", "note"],
        read: { try DecisionsCSV.read($0) },
        line: \.line,
        check: { row in
            if case .assign(let invoice) = row.decision {
                require(!invoice.isEmpty && invoice == invoice.trimmingCharacters(in: .whitespaces), "assign '\(invoice)'")
            }
        },
        refusal: { ($0 as? DecisionsCSV.FormatError)?.description })
    return 0
}
