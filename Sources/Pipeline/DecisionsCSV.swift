import Foundation
import Ledger
import Receivables
import Reports

/// The accountant's decisions as a CSV, in either dialect (`CSVWriter.parse`): unmatched-payments.csv as written,
/// with its `action` (assign, refund, ignore; rows left empty are skipped), `invoiceNumber` (for assign) and `note`
/// (kept in the audit) columns filled in. Only `archiveId`, `action` and `invoiceNumber` are required; the list's
/// `amount` and `unapplied`, when there, must still be the payment's (`ListedPayment`).
enum DecisionsCSV {
    struct Row {
        let line: Int
        let archiveId: String
        let decision: Decision
        let note: String?
        /// The payment's `amount` and `unapplied` as the list showed them, when it has those columns.
        let listed: ListedPayment
    }

    struct FormatError: Error, CustomStringConvertible {
        let description: String
    }

    /// Reads every row of a decisions CSV; its errors name the file as `name` says (default: its path).
    /// - Throws: `FormatError` naming the file and line of the first row that cannot be read.
    static func read(_ path: String, named name: String? = nil) throws -> [Row] {
        let name = name ?? path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw FormatError(description: "\(name): cannot read it as UTF-8 text")
        }
        let rows: [[String]]
        do {
            rows = try CSVWriter.table(text)
        } catch {
            throw FormatError(description: "\(name):\(error.row): \(error.description)")
        }
        guard let header = rows.first else { throw FormatError(description: "\(name): the file is empty") }
        func column(_ heading: String) throws -> Int {
            guard let index = header.firstIndex(of: heading) else {
                throw FormatError(description: "\(name):1: the header has no '\(heading)' column")
            }
            return index
        }
        let archive = try column("archiveId")
        let action = try column("action")
        let invoice = try column("invoiceNumber")
        let note = header.firstIndex(of: "note")
        let (amount, unapplied) = (header.firstIndex(of: "amount"), header.firstIndex(of: "unapplied"))
        var decisions: [Row] = []
        for (offset, fields) in rows.dropFirst().enumerated() {
            let line = offset + 2
            func field(_ index: Int) -> String {
                index < fields.count ? fields[index].trimmingCharacters(in: .whitespaces) : ""
            }
            let verb = field(action).lowercased()
            if verb.isEmpty { continue }
            guard !field(archive).isEmpty else {
                throw FormatError(description: "\(name):\(line): '\(verb)' names no payment: its archiveId is empty")
            }
            let decision: Decision
            switch verb {
            case "assign":
                guard !field(invoice).isEmpty else {
                    throw FormatError(description: "\(name):\(line): 'assign' needs an invoiceNumber")
                }
                decision = .assign(invoiceNumber: field(invoice))
            case "refund": decision = .refund
            case "ignore": decision = .ignore
            default: throw FormatError(description: "\(name):\(line): action '\(verb)' is not assign, refund or ignore")
            }
            func given(_ column: Int?) -> String? { column.map(field).flatMap { $0.isEmpty ? nil : $0 } }
            decisions.append(Row(line: line, archiveId: field(archive), decision: decision, note: given(note),
                                 listed: ListedPayment(amount: given(amount), unapplied: given(unapplied))))
        }
        return decisions
    }
}

extension Ledger {
    /// Applies a file of decisions: all of them, or (when one is refused) none, with the refused line named. A
    /// payment decided on twice in the file is refused as such (rows of one archive id and one amount: a receipt and
    /// the reversal that shares its archive id are two); a refusal that may come of the file's earlier rows (an
    /// invoice they assigned money to) names them, as the ledger is left as it was before the file.
    func applyAll(_ rows: [DecisionsCSV.Row], source: String, run: Int64) throws -> [AppliedDecision] {
        var firstRow: [[String?]: Int] = [:]
        for row in rows {
            let payment = [row.archiveId, row.listed.amount]
            if let first = firstRow[payment] {
                throw DecisionsCSV.FormatError(description: "\(source):\(row.line): payment \(row.archiveId) is "
                    + "decided on again (row \(first) decided it already): one decision per payment")
            }
            firstRow[payment] = row.line
        }
        var applied: [AppliedDecision] = []
        var assignedRows: [String: [Int]] = [:]
        try allOrNothing {
            for row in rows {
                do {
                    applied.append(try decide(row.decision, payment: row.archiveId, note: row.note, source: source,
                                              run: run, listed: row.listed))
                } catch let fault as LedgerError {
                    throw fault
                } catch {
                    var earlier = ""
                    if case .assign(let invoiceNumber) = row.decision, let lines = assignedRows[invoiceNumber] {
                        earlier = " (after row\(lines.count == 1 ? "" : "s") "
                            + "\(lines.map(String.init).joined(separator: ", ")) of this file assigned money to it)"
                    }
                    throw DecisionsCSV.FormatError(description: "\(source):\(row.line): \(error)\(earlier)")
                }
                if case .assign(let invoiceNumber) = row.decision {
                    assignedRows[invoiceNumber, default: []].append(row.line)
                }
            }
        }
        return applied
    }
}
