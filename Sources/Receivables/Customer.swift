/// A buyer as the ledger keeps it: one row per stable key, with what reminders need to reach them. Its fields are
/// held once and shared by every copy (a day's dunning holds the customer of each of tens of thousands of overdue
/// invoices, and a copy is one reference).
public struct Customer: Sendable, Equatable {
    /// The stable key (docs/design.md, "Ledger views"): `id:<business ID>` for a business; for a consumer `cust:<the seller's
    /// customer number>`, else `einvoice:<e-invoice address>`, else `name:<name>|<post code>|<street>`. Never the
    /// name alone: two people of one name are two customers.
    public var key: String { fields.key }
    public var name: String? { fields.name }
    public var businessId: String? { fields.businessId }
    public var isConsumer: Bool { fields.isConsumer }
    public var address: Invoice.PostalAddress? { fields.address }
    /// The language the buyer reads (`fi`, `sv`, `en`, … as the invoice states it).
    public var language: String? { fields.language }
    /// Where the buyer receives e-invoices, and through which operator.
    public var eInvoiceAddress: String? { fields.eInvoiceAddress }
    public var eInvoiceIntermediator: String? { fields.eInvoiceIntermediator }

    private let fields: Fields

    private final class Fields: Sendable {
        let key: String
        let name: String?
        let businessId: String?
        let isConsumer: Bool
        let address: Invoice.PostalAddress?
        let language: String?
        let eInvoiceAddress: String?
        let eInvoiceIntermediator: String?

        init(key: String, name: String?, businessId: String?, isConsumer: Bool, address: Invoice.PostalAddress?,
             language: String?, eInvoiceAddress: String?, eInvoiceIntermediator: String?) {
            self.key = key
            self.name = name
            self.businessId = businessId
            self.isConsumer = isConsumer
            self.address = address
            self.language = language
            self.eInvoiceAddress = eInvoiceAddress
            self.eInvoiceIntermediator = eInvoiceIntermediator
        }
    }

    /// A customer as the ledger holds it.
    public init(
        key: String, name: String?, businessId: String?, isConsumer: Bool, address: Invoice.PostalAddress?,
        language: String?, eInvoiceAddress: String?, eInvoiceIntermediator: String?
    ) {
        fields = Fields(
            key: key, name: name, businessId: businessId, isConsumer: isConsumer, address: address, language: language,
            eInvoiceAddress: eInvoiceAddress, eInvoiceIntermediator: eInvoiceIntermediator)
    }

    public static func == (lhs: Customer, rhs: Customer) -> Bool {
        lhs.fields === rhs.fields
            || (lhs.key, lhs.name, lhs.businessId, lhs.isConsumer)
                == (rhs.key, rhs.name, rhs.businessId, rhs.isConsumer)
            && (lhs.address, lhs.language, lhs.eInvoiceAddress, lhs.eInvoiceIntermediator)
                == (rhs.address, rhs.language, rhs.eInvoiceAddress, rhs.eInvoiceIntermediator)
    }

    /// The buyer of an invoice, as the invoice states it.
    public init(buyerOf invoice: Invoice) {
        self.init(key: Self.key(ofBuyerOf: invoice), name: invoice.buyerName, businessId: invoice.buyerId,
                  isConsumer: invoice.isConsumer, address: invoice.buyerAddress, language: invoice.language,
                  eInvoiceAddress: invoice.eInvoiceAddress, eInvoiceIntermediator: invoice.eInvoiceIntermediator)
    }

    /// The stable key of an invoice's buyer (see `key`).
    public static func key(ofBuyerOf invoice: Invoice) -> String {
        if let businessId = invoice.buyerId, !invoice.isConsumer {
            "id:\(businessId)"
        } else if let number = invoice.sellersBuyerIdentifier {
            "cust:\(number)"
        } else if let address = invoice.eInvoiceAddress {
            "einvoice:\(address)"
        } else {
            ["name:" + (invoice.buyerName ?? ""), invoice.buyerAddress?.postCode ?? "",
             invoice.buyerAddress?.street ?? ""].joined(separator: "|")
        }
    }
}
