import Receivables
import Reports

/// What a dry run would have done, as JSON Lines: each file with what would become of it, each allocation
/// matching would book, each reminder and transfer dunning would issue.
enum DryRunReport {
    static func render(_ summary: DailyRun.Summary) -> String {
        var json = JSONLineBuilder()
        for file in summary.files {
            json.beginObject()
            json.field("kind", "file")
            json.field("name", file.name)
            json.field("format", file.kind)
            json.field("disposition", file.disposition)
            json.field("records", file.records)
            json.field("booked", file.booked)
            json.field("reason", file.reason)
            json.endLine()
        }
        for allocation in summary.allocations {
            json.beginObject()
            json.field("kind", "allocation")
            json.field("archiveId", allocation.archiveId)
            json.field("invoiceNumber", allocation.invoiceNumber)
            json.field("amount", decimal: allocation.amount)
            json.field("rule", allocation.rule.rawValue)
            json.endLine()
        }
        for (reminder, isTransfer) in summary.steps {
            json.beginObject()
            json.field("kind", isTransfer ? "transfer" : "reminder")
            json.field("invoiceNumber", reminder.invoiceNumber)
            json.field("customerId", reminder.customerId)
            json.field("step", reminder.step)
            json.field("class", reminder.dunningClass)
            if !isTransfer {
                json.field("fee", decimal: Amount(minorUnits: reminder.fee, currency: reminder.currency))
                json.field("feeRule", reminder.feeRule)
                json.field("compensation", decimal: Amount(minorUnits: reminder.compensation, currency: reminder.currency))
                json.field("interest", decimal: Amount(minorUnits: reminder.interest, currency: reminder.currency))
                json.field("interestThrough", date: reminder.interestThrough)
                json.field("payBy", date: reminder.payBy)
                json.field("channel", reminder.channel.rawValue)
            }
            json.endLine()
        }
        return String(decoding: json.bytes, as: UTF8.self)
    }
}

extension DailyRun.Summary {
    /// What a dry run would have done, as JSON Lines (`saatava run --dry-run`).
    public var dryRunLines: String { DryRunReport.render(self) }
}
