import Dunning
import Ledger
public import Receivables
import Reports

/// `saatava ledger`: a view of the ledger (docs/design.md, "Ledger views") as JSON Lines or CSV, read without creating anything.
public enum LedgerListing {
    /// The views there are.
    public enum View: String, Sendable, CaseIterable {
        case invoices, payments, reminders, holds, transfers, deliveries, journal
    }

    /// Holds as the `holds` view's JSON Lines: what `saatava hold add` and `release` print of the hold they changed.
    public static func render(holds: [HoldView]) -> String {
        LedgerExport.holds(holds, csv: nil)
    }

    /// The view, filtered by `status`: for invoices `open` is every invoice owing money, for payments `unmatched`
    /// every payment with money not applied (overpayments too: the accountant's list); any other status (a hold's
    /// `active`, `ended`, `released`) matches exactly. As CSV it is in the config's dialect (`csv`).
    /// - Throws: `DailyRun.RunError` when there is no ledger or it cannot be read.
    public static func render(_ view: View, config: RunConfig, status: String?, asCSV: Bool) throws(DailyRun.RunError) -> String {
        var text = ""
        try write(view, config: config, status: status, asCSV: asCSV) { text += $0 }
        return text
    }

    /// The view as `render` gives it, handed to `output` in pieces: the journal a few thousand lines at a time (a
    /// year's journal is never held whole), the other views whole.
    /// - Throws: `DailyRun.RunError` when there is no ledger or it cannot be read.
    public static func write(
        _ view: View, config: RunConfig, status: String?, asCSV: Bool, to output: (String) -> Void
    ) throws(DailyRun.RunError) {
        let ledger = try Workspace.ledger(config: config)
        let dialect = asCSV ? config.csv : nil
        try DailyRun.faultsNamed { () throws in
            switch view {
            case .journal:
                try journal(ledger.journalCursor(), csv: dialect, to: output)
            case .invoices:
                output(LedgerExport.invoices(try ledger.invoiceViews(onlyOpen: status == "open"), status: status, csv: dialect))
            case .payments:
                let payments = switch status {
                case nil: try ledger.paymentViews()
                case "unmatched": try ledger.paymentViews(onlyToDecide: true)
                case let status?: try PaymentStatus(rawValue: status).map { try ledger.paymentViews(status: $0) } ?? []
                }
                output(LedgerExport.payments(payments, csv: dialect))
            case .reminders:
                let reminders = try ledger.reminderViews().filter { $0.action == .reminder }.map(\.reminder)
                output(LedgerExport.reminders(reminders, csv: dialect))
            case .holds:
                let holds = try ledger.holdViews().filter { status == nil || $0.status.rawValue == status }
                output(LedgerExport.holds(holds, csv: dialect))
            case .transfers:
                // The interest through the transfer day, counted as the transfer file counted it.
                let transferred = try ledger.transfers()
                let reductions = try ledger.principalReductions(ofInvoices: transferred.map(\.invoiceId))
                let transfers = transferred.map { transfer in
                    let view = transfer.view
                    let interest = CollectionClaims.interest(
                        principal: view.amount, dueDate: transfer.dueDate, reductions: reductions[transfer.invoiceId],
                        isBusinessDebtor: transfer.isBusinessDebtor, through: view.transferredOn, config: config)
                    return TransferView(
                        invoiceNumber: view.invoiceNumber, customerId: view.customerId, transferredOn: view.transferredOn,
                        currency: view.currency, amount: view.amount, paid: view.paid, credited: view.credited,
                        interest: interest.amount, fees: view.fees, compensation: view.compensation, file: view.file)
                }
                output(LedgerExport.transfers(transfers, csv: dialect))
            case .deliveries:
                let deliveries = try ledger.deliveryViews().filter { status == nil || $0.status == status }
                output(LedgerExport.deliveries(deliveries, csv: dialect))
            }
        }
    }

    /// Journal lines read from `lines`, as CSV in `dialect` (its header even when there is no line) or as JSON Lines
    /// (nil), handed to `output` every 4096 lines.
    static func journal(_ lines: borrowing JournalCursor, csv dialect: CSVDialect?, to output: (String) throws -> Void) throws {
        var csv = dialect.map { JournalCSV(dialect: $0) }
        var chunk: [JournalLineView] = []
        chunk.reserveCapacity(4096)
        func flush() throws {
            if var writer = csv {
                for line in chunk { writer.append(line) }
                try output(writer.take())
                csv = writer
            } else if !chunk.isEmpty {
                try output(LedgerExport.journal(chunk))
            }
            chunk.removeAll(keepingCapacity: true)
        }
        while let line = try lines.next() {
            chunk.append(line)
            if chunk.count == 4096 { try flush() }
        }
        try flush()
    }
}
