public import Receivables

/// Reminder documents built by hand, for the tests of every renderer of reminders (the Finvoice INV08 writer, the
/// letters, reminders.csv): one per language and kind of buyer, and one made of everything awkward.
public enum ReminderSamples {
    private static func day(_ text: String) -> LocalDate { try! LocalDate(parsing: text) }

    /// The creditor of the samples.
    public static let creditor = Creditor(
        name: "Saatava Demo Oy", businessId: "1234567-1",
        address: Invoice.PostalAddress(street: "Esimerkkikatu 1", postCode: "00100", town: "Helsinki", country: "FI"),
        iban: "FI2112345600000785", bic: "NDEAFIHH", contact: "reskontra@saatava.example",
        eInvoiceAddress: "003712345671", eInvoiceIntermediator: "NDEAFIHH")

    /// A business buyer reading Finnish, partly paid, on its first reminder: 40 € compensation instead of a fee,
    /// penalty interest at 10.5 % (Interest Act 4 a §). Its operator's code is 12 characters, too long for
    /// `InvoiceRecipientIntermediatorAddress`.
    public static let business = ReminderDocument(
        reminder: ReminderView(
            invoiceNumber: "1001", customerId: "id:7654321-2", step: 1, dunningClass: "standard",
            issuedOn: day("2026-11-27"), currency: .euro, fee: 0,
            feeRule: "513/1999 10 i §: the 40 € standard compensation covers the fee", compensation: 40_00,
            interest: 13_20, interestThrough: day("2026-11-27"), interestRate: "10.5", payBy: day("2026-12-11"),
            channel: .finvoice, file: "reminders/reminders-finvoice.xml"),
        invoice: InvoiceView(
            invoiceNumber: "1001", reference: try! CreditorReference(finnishBase: "1001").canonical,
            customerId: "id:7654321-2", customerName: "Rakennus Virtanen Oy", consumer: false, currency: .euro,
            amount: 2480_00, paid: 1000_00, credited: 0, invoiceDate: day("2026-10-13"), dueDate: day("2026-10-27"),
            dunningLevel: 0),
        customer: Customer(
            key: "id:7654321-2", name: "Rakennus Virtanen Oy", businessId: "7654321-2", isConsumer: false,
            address: Invoice.PostalAddress(street: "Teollisuustie 12", postCode: "33100", town: "Tampere", country: "FI"),
            language: "fi", eInvoiceAddress: "003776543212", eInvoiceIntermediator: "003721291126"),
        creditor: creditor)

    /// A consumer reading Swedish, with an e-invoice address, on the second reminder: a 5 € fee, the first's 5 €
    /// fee asked again, 2 € of charges paid before (a reversal reopened the principal), interest at 9.5 % (4 §), an RF
    /// reference, part of the invoice credited.
    public static let consumer = ReminderDocument(
        reminder: ReminderView(
            invoiceNumber: "2026000471", customerId: "cust:ASIAKAS-4711", step: 2, dunningClass: "standard",
            issuedOn: day("2026-11-27"), currency: .euro, fee: 5_00, feeRule: "513/1999 10 a §: at most 5 €",
            compensation: 0, interest: 1_09, interestThrough: day("2026-11-27"), interestRate: "9.5",
            payBy: day("2026-12-11"), channel: .finvoice, file: "reminders/reminders-finvoice.xml"),
        invoice: InvoiceView(
            invoiceNumber: "2026000471",
            reference: try! CreditorReference(finnishBase: "202600047").rfForm.canonical,
            customerId: "cust:ASIAKAS-4711", customerName: "Greta Lindqvist", consumer: true, currency: .euro,
            amount: 125_50, paid: 0, credited: 25_50, invoiceDate: day("2026-10-02"), dueDate: day("2026-10-16"),
            dunningLevel: 1),
        customer: Customer(
            key: "cust:ASIAKAS-4711", name: "Greta Lindqvist", businessId: nil, isConsumer: true,
            address: Invoice.PostalAddress(
                street: "Strandvägen 5 B 12", postCode: "10600", town: "Ekenäs", country: "FI"),
            language: "sv", eInvoiceAddress: "FI7944052020036082", eInvoiceIntermediator: "HELSFIHH"),
        creditor: creditor, earlierCharges: 5_00, chargesPaid: 2_00)

    /// A consumer reading English, without an e-invoice address (a letter), on a first reminder without a fee.
    public static let letterOnly = ReminderDocument(
        reminder: ReminderView(
            invoiceNumber: "1003", customerId: "name:John Smith|00170|Mariankatu 3 A 5", step: 1,
            dunningClass: "trusted", issuedOn: day("2026-11-27"), currency: .euro, fee: 0,
            feeRule: "policy: no fee on the first reminder", compensation: 0, interest: 11_25,
            interestThrough: day("2026-11-27"), interestRate: "9.5", payBy: day("2026-12-11"), channel: .letter,
            file: "reminders/letters/1003-M1.html"),
        invoice: InvoiceView(
            invoiceNumber: "1003", reference: try! CreditorReference(finnishBase: "1003").canonical,
            customerId: "name:John Smith|00170|Mariankatu 3 A 5", customerName: "John Smith", consumer: true,
            currency: .euro, amount: 1234_56, paid: 0, credited: 0, invoiceDate: day("2026-10-09"),
            dueDate: day("2026-10-23"), dunningLevel: 0),
        customer: Customer(
            key: "name:John Smith|00170|Mariankatu 3 A 5", name: "John Smith", businessId: nil, isConsumer: true,
            address: Invoice.PostalAddress(street: "Mariankatu 3 A 5", postCode: "00170", town: "Helsinki", country: "FI"),
            language: "en", eInvoiceAddress: nil, eInvoiceIntermediator: nil),
        creditor: creditor)

    /// The three ordinary samples: Finnish business, Swedish consumer, English letter.
    public static let documents = [business, consumer, letterOnly]

    /// Everything awkward at once: markup and control characters in names, a name longer than Finvoice's 70
    /// characters, an invoice number of 20 characters with a slash, no reference, no due date, an address without
    /// a town, a rate with three decimals, a language saatava has no texts for (German: Finnish is used), and a
    /// creditor without a BIC whose contact is a sentence.
    public static let awkward = ReminderDocument(
        reminder: ReminderView(
            invoiceNumber: "INV/2026/0000000042X", customerId: "id:7654321-2", step: 3, dunningClass: "strict",
            issuedOn: day("2026-06-15"), currency: .euro, fee: 12_00, feeRule: "=513/1999 10 e §, \"12 €\"",
            compensation: 0, interest: 3_33, interestThrough: day("2026-06-15"), interestRate: "10.125",
            payBy: day("2026-06-29"), channel: .finvoice, file: nil),
        invoice: InvoiceView(
            invoiceNumber: "INV/2026/0000000042X", reference: nil, customerId: "id:7654321-2",
            customerName: nil, consumer: false, currency: .euro, amount: 500_00, paid: 0, credited: 0,
            invoiceDate: day("2026-04-01"), dueDate: nil, dunningLevel: 2),
        customer: Customer(
            key: "id:7654321-2",
            name: "Öljy & \"Kaasu\" <Itä>\u{7} Oy,\nPohjoisen ja Etelän Yhdistynyt Lämpö- ja Voimayhtiö Osakeyhtiö",
            businessId: "7654321-2", isConsumer: false,
            address: Invoice.PostalAddress(street: "Satamakatu 3 </Street>", postCode: "00160", town: nil, country: "FI"),
            language: "de", eInvoiceAddress: "003776543212", eInvoiceIntermediator: "OKOYFIHH"),
        creditor: Creditor(
            name: "Saatava & Co <Demo> Oy", businessId: "1234567-1", address: creditor.address,
            iban: "fi21 1234 5600 0007 85", bic: nil, contact: "Soita meille: 09 123 4567 (ma–pe 9–16)",
            eInvoiceAddress: "003712345671", eInvoiceIntermediator: "NDEAFIHH"))
}
