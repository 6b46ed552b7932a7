import Ledger
import Receivables

extension Ledger {
    /// Every line `journalCursor(ofRun:)` gives, in an array (the tests' ledgers are small).
    func journalLines(ofRun run: Int64? = nil) throws -> [JournalLineView] {
        let cursor = try journalCursor(ofRun: run)
        var lines: [JournalLineView] = []
        while let line = try cursor.next() { lines.append(line) }
        return lines
    }
}
