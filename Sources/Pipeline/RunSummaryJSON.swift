import Foundation
import Ledger
import Receivables

/// run-summary.json: per stage, what was seen and done, and how long it took.
enum RunSummaryJSON {
    static func render(_ summary: DailyRun.Summary) -> String {
        let files: [[String: Any]] = summary.files.map { file in
            var entry: [String: Any] = [
                "name": file.name, "kind": file.kind, "disposition": file.disposition, "records": file.records,
                "booked": file.booked, "reason": file.reason ?? NSNull(),
            ]
            if !file.conflicts.isEmpty {
                entry["conflicts"] = file.conflicts.map { conflict in
                    ["record": conflict.record, "key": conflict.key,
                     "differences": conflict.differences.map {
                         ["field": $0.field, "booked": $0.booked ?? NSNull(), "received": $0.received ?? NSNull()] as [String: Any]
                     }] as [String: Any]
                }
            }
            return entry
        }
        func byCurrency(_ sums: [Currency: Int64]) -> [String: String] {
            Dictionary(uniqueKeysWithValues: sums.map { ($0.key.code, Amount(minorUnits: $0.value, currency: $0.key).decimalString) })
        }
        func count(_ disposition: String) -> Int { summary.files.filter { $0.disposition == disposition }.count }
        let document: [String: Any] = [
            "asOf": summary.asOf.description,
            "intake": ["filesSeen": summary.files.count, "posted": count("posted"), "redelivered": count("re-delivered"),
                       "quarantined": count("quarantined"), "conflict": count("conflict"), "files": files],
            "post": ["invoicesBooked": summary.invoicesBooked, "paymentsBooked": summary.paymentsBooked],
            "decisions": ["applied": summary.decisions, "refused": summary.decisionErrors],
            "holds": ["changed": summary.holdChanges, "ended": summary.holdsEnded],
            "retention": ["archiveDaysDeleted": summary.archiveDaysDeleted.map(\.description)],
            "warnings": summary.warnings,
            "dunning": [
                "reminders": summary.dunning.reminders, "transfers": summary.dunning.transfers,
                "waiting": summary.dunning.waiting, "off": summary.dunning.off?.rawValue ?? NSNull(),
                "interestCutShortAfter": summary.dunning.interestCutShortAfter?.description ?? NSNull(),
                "overtaken": summary.dunning.overtaken.map { step -> [String: Any] in
                    ["invoice": step.invoiceNumber, "step": step.step,
                     "action": step.isTransfer ? "collection" : "reminder",
                     "channel": (step.isTransfer ? nil : step.channel?.rawValue) ?? NSNull(),
                     "file": step.file ?? NSNull(),
                     "paidSince": step.paidSince.map { [$0.currency.code: $0.decimalString] } ?? NSNull(),
                     "hold": step.hold?.rawValue ?? NSNull()]
                },
            ] as [String: Any],
            "delivery": ["delivered": summary.delivery.delivered, "waiting": summary.delivery.waiting],
            "match": ["amountMatched": byCurrency(summary.amountMatched),
                      "unappliedByReason": summary.unappliedByReason.mapValues(byCurrency)],
            "durationSeconds": Dictionary(summary.seconds.map { ($0.stage, ($0.seconds * 1000).rounded() / 1000) }, uniquingKeysWith: +),
            "peakResidentMegabytes": Dictionary(
                summary.peakResidentBytes.map { ($0.stage, (Double($0.bytes) / 104_857.6).rounded() / 10) }, uniquingKeysWith: max),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
