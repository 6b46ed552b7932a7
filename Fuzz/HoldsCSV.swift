@testable import Pipeline
@testable import Reports
import Receivables

// The accountant's holds CSV (inbox/decisions/holds*.csv). Contract (Support/CSVChecks.swift): rows, or a refusal
// naming the file and the line; every row read has a line of the file (increasing); an instalment is more than zero
// and reads back from the text either dialect writes; a release names an id above zero; the same file read twice
// gives the same rows; and the CSV layer round-trips.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHoldsCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    checkCSVReader(
        data, size, name: "holds.csv",
        header: ["id", "invoiceNumber", "customerId", "kind", "from", "until", "instalments", "note", "action"],
        read: { try HoldsCSV.read($0) }, line: \.line, check: checkRow,
        refusal: { ($0 as? HoldsCSV.FormatError)?.description })
    return 0
}

private func checkRow(_ row: HoldsCSV.Row) {
    switch row.action {
    case .add(let request):
        for instalment in request.instalments {
            require(instalment.amount > 0, "an instalment of \(instalment.amount)")
            for dialect in CSVDialect.allCases {
                let text = dialect.instalment(instalment)
                require((try? HoldView.Instalment(parsing: text)) == instalment, "instalment written as '\(text)' reads back otherwise")
            }
        }
    case .release(let id): require(id > 0, "release of hold \(id)")
    }
}
