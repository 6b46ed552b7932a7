/// A buyer as the ledger keeps it: one row per stable key, with what reminders need to reach them.
public struct Customer: Sendable, Equatable {
    /// The stable key (docs/design.md, "Ledger views"): `id:<business ID>` for a business; for a consumer `cust:<the seller's
    /// customer number>`, else `einvoice:<e-invoice address>`, else `name:<name>|<post code>|<street>`. Never the
    /// name alone: two people of one name are two customers.
    public let key: String
    public let name: String?
    public let businessId: String?
    public let isConsumer: Bool
    public let address: Invoice.PostalAddress?
    /// The language the buyer reads (`fi`, `sv`, `en`, … as the invoice states it).
    public let language: String?
    /// Where the buyer receives e-invoices, and through which operator.
    public let eInvoiceAddress: String?
    public let eInvoiceIntermediator: String?

    /// A customer as the ledger holds it.
    public init(
        key: String, name: String?, businessId: String?, isConsumer: Bool, address: Invoice.PostalAddress?,
        language: String?, eInvoiceAddress: String?, eInvoiceIntermediator: String?
    ) {
        self.key = key
        self.name = name
        self.businessId = businessId
        self.isConsumer = isConsumer
        self.address = address
        self.language = language
        self.eInvoiceAddress = eInvoiceAddress
        self.eInvoiceIntermediator = eInvoiceIntermediator
    }

    /// The buyer of an invoice, as the invoice states it.
    public init(buyerOf invoice: Invoice) {
        name = invoice.buyerName
        businessId = invoice.buyerId
        isConsumer = invoice.isConsumer
        address = invoice.buyerAddress
        language = invoice.language
        eInvoiceAddress = invoice.eInvoiceAddress
        eInvoiceIntermediator = invoice.eInvoiceIntermediator
        if let businessId = invoice.buyerId, !invoice.isConsumer {
            key = "id:\(businessId)"
        } else if let number = invoice.sellersBuyerIdentifier {
            key = "cust:\(number)"
        } else if let address = invoice.eInvoiceAddress {
            key = "einvoice:\(address)"
        } else {
            key = "name:\(invoice.buyerName ?? "")|\(invoice.buyerAddress?.postCode ?? "")|\(invoice.buyerAddress?.street ?? "")"
        }
    }
}
