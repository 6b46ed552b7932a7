import Foundation
import Pipeline
import Receivables
import Reports
import SystemIO

/// The demo's month in one working directory: each day's run, told in one line, the runs' messages kept in
/// `demo.log`, and the accountant's part: a payment plan for the first invoice reminded, and decisions on the first
/// day's list that has a payment to assign and one to refund.
struct DemoMonth {
    let directory: String
    let config: RunConfig
    /// The runs' progress lines, warnings and refusals, each after its day.
    private var log = ""
    /// What the accountant dropped in inbox/decisions/ for the next run, said when that run applies it.
    private var planAgreed: String?
    private var decisionsTaken: String?
    private var hasAgreedAPlan = false
    private var hasDecided = false
    private var lastOutbox: String?
    private var collectionFolders: [String] = []

    init(directory: String, config: RunConfig) {
        self.directory = directory
        self.config = config
    }

    /// Runs the day, keeping its messages in `demo.log`.
    mutating func run(_ day: LocalDate) throws(DailyRun.RunError) -> DailyRun.Summary {
        var messages: [String] = []
        defer {
            log += messages.map { "\(day): \($0)\n" }.joined()
            try? AtomicFile.write(log, to: directory + "/demo.log")
        }
        let summary = try DailyRun.run(config: config, asOf: day) { messages.append($0.text) }
        lastOutbox = summary.outbox
        return summary
    }

    /// The day in one line: what arrived, what was booked and placed, what the accountant's files changed, what
    /// dunning issued, and the run's exit status when it is not 0.
    mutating func line(for summary: DailyRun.Summary, status: ExitStatus) -> String {
        let invoiceFiles = summary.files.filter { $0.kind == "finvoice" }.count
        var parts = [summary.files.isEmpty ? "nothing arrives"
            : "\(summary.files.count) file(s) in (\(invoiceFiles) Finvoice, \(summary.files.count - invoiceFiles) bank)"]
        parts.append("\(summary.invoicesBooked) invoice(s) and \(summary.paymentsBooked) payment(s) booked, "
            + "\(summary.paymentsPlaced) placed"
            + (summary.quarantined.isEmpty ? "" : ", \(summary.quarantined.count) file(s) quarantined"))
        if summary.holdChanges > 0, let plan = planAgreed {
            parts.append(plan)
            planAgreed = nil
        }
        parts += summary.holdsEnded
        if summary.decisions > 0, let decisions = decisionsTaken {
            parts.append("decisions applied: " + decisions)
            decisionsTaken = nil
        }
        parts += summary.decisionErrors.map { "decisions refused: " + $0 }
        if summary.dunning.reminders > 0 { parts.append("\(summary.dunning.reminders) reminder(s)") }
        if summary.dunning.transfers > 0 {
            collectionFolders.append(summary.outbox + "/collection/")
            parts.append("\(summary.dunning.transfers) transfer(s) to collection, files wait in "
                + "\(relative(summary.outbox))/collection/ (no agency configured)")
        }
        return "\(summary.asOf): " + parts.joined(separator: "; ") + (status == .ok ? "" : " (exit \(status.rawValue))")
    }

    /// After a day's run, what the accountant drops in inbox/decisions/ for the next run (`nextDay`): a payment plan
    /// for the first invoice reminded, whose first instalment falls a week into the plan; and, on the first day whose
    /// unmatched-payments.csv offers both, that list back with one payment assigned to the invoice suggested and one
    /// paid twice refunded.
    mutating func playTheAccountant(after summary: DailyRun.Summary, nextDay: LocalDate?) throws {
        guard let nextDay else { return }
        if !hasAgreedAPlan, let reminded = summary.steps.first(where: { !$0.isTransfer })?.reminder,
            reminded.currency == .euro
        {
            try agreePlan(for: reminded, from: nextDay)
        }
        if !hasDecided { try decide(on: summary) }
    }

    /// The places to look at after the month, as lines.
    func whereToLook() -> [String] {
        let configPath = directory + "/config.json"
        return [
            "the last day's report:  \(lastOutbox ?? directory + "/outbox")/report.html",
            "the ledger:             saatava ledger invoices --config \(configPath)",
            "                        (also payments, reminders, holds, transfers; --format csv for a spreadsheet)",
            "the state of things:    saatava status --config \(configPath)",
        ] + collectionFolders.map { "collection files:       \($0) (not sent: no agency in the config)" }
            + ["the runs' messages:     \(directory)/demo.log"]
    }

    // MARK: The accountant

    /// Drops a holds CSV with a plan in two halves for the invoice's open amount, due a week and three weeks after
    /// the plan begins on `day`.
    private mutating func agreePlan(for reminded: ReminderView, from day: LocalDate) throws {
        let invoices = try CSVWriter.parse(LedgerListing.render(.invoices, config: config, status: "open", asCSV: true))
        guard let header = invoices.first, let number = header.firstIndex(of: "invoiceNumber"),
            let openColumn = header.firstIndex(of: "open"),
            let row = invoices.dropFirst().first(where: { $0.count == header.count && $0[number] == reminded.invoiceNumber }),
            let open = try? Amount(parsing: row[openColumn], currency: .euro), open.minorUnits > 1
        else { return }
        let first = Amount(minorUnits: open.minorUnits / 2, currency: .euro)
        let second = open - first
        let instalments = "\(day.adding(days: 7)):\(first.decimalString);\(day.adding(days: 21)):\(second.decimalString)"
        var csv = CSVWriter(header: ["action", "invoiceNumber", "kind", "instalments", "note"])
        csv.row([.text("add"), .text(reminded.invoiceNumber), .text("plan"), .text(instalments),
                 .text("agreed by phone after the reminder of \(reminded.issuedOn)")])
        try AtomicFile.write(csv.output, to: directory + "/inbox/decisions/holds-plan.csv")
        hasAgreedAPlan = true
        planAgreed = "payment plan agreed for invoice \(reminded.invoiceNumber) (\(instalments.replacingOccurrences(of: ";", with: ", ")))"
    }

    /// Reads the day's list of payments to decide on and, when it has a payment with a suggested invoice and one
    /// for an invoice already settled, drops it back with those two decided (their `action` and `invoiceNumber`
    /// filled in).
    private mutating func decide(on summary: DailyRun.Summary) throws {
        let list = summary.outbox + "/unmatched-payments.csv"
        guard let text = try? String(contentsOfFile: list, encoding: .utf8) else { return }
        let rows = try CSVWriter.parse(text)
        guard let header = rows.first, let archiveId = header.firstIndex(of: "archiveId"),
            let reason = header.firstIndex(of: "reason"), let suggested = header.firstIndex(of: "suggestedInvoice"),
            let currency = header.firstIndex(of: "currency"), let action = header.firstIndex(of: "action"),
            let invoice = header.firstIndex(of: "invoiceNumber")
        else { return }
        let payments = rows.dropFirst().filter { $0.count == header.count }
        guard let assigned = payments.first(where: { !$0[suggested].isEmpty && $0[currency] == "EUR" }),
            let refunded = payments.first(where: { $0[reason] == "invoice_settled" })
        else { return }
        var csv = CSVWriter(header: header)
        for var payment in payments {
            if payment == assigned { (payment[action], payment[invoice]) = ("assign", payment[suggested]) }
            if payment == refunded { payment[action] = "refund" }
            csv.row(payment.map { .text($0) })
        }
        try AtomicFile.write(csv.output, to: directory + "/inbox/decisions/decisions-\(summary.asOf).csv")
        hasDecided = true
        decisionsTaken = "\(assigned[archiveId]) to invoice \(assigned[suggested]), \(refunded[archiveId]) refunded"
    }

    /// `path` relative to the working directory.
    private func relative(_ path: String) -> String {
        path.hasPrefix(config.workdir + "/") ? String(path.dropFirst(config.workdir.count + 1)) : path
    }
}
