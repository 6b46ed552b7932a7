import Ledger
import Receivables
import Reports

/// `saatava ledger`: a view of the ledger (DESIGN.md §3.4) as JSON Lines or CSV, read without creating anything.
public enum LedgerListing {
    /// The views there are.
    public enum View: String, Sendable, CaseIterable {
        case invoices, payments
    }

    /// The view, filtered by `status`: for invoices `open` is every invoice owing money, for payments `unmatched`
    /// every payment with money not applied (overpayments too: the accountant's list); any other status matches
    /// exactly.
    /// - Throws: `DailyRun.RunError` when there is no ledger or it cannot be read.
    public static func render(_ view: View, config: RunConfig, status: String?, asCSV: Bool) throws(DailyRun.RunError) -> String {
        let ledger = try Workspace.ledger(config: config)
        return try DailyRun.faultsNamed {
            switch view {
            case .invoices:
                return LedgerExport.invoices(try ledger.invoiceViews(), status: status, asCSV: asCSV)
            case .payments:
                let payments = status == "unmatched"
                    ? try ledger.paymentViews(onlyToDecide: true)
                    : try ledger.paymentViews().filter { status == nil || $0.status.rawValue == status }
                return LedgerExport.payments(payments, asCSV: asCSV)
            }
        }
    }
}
