import Receivables
@testable import Reports
import TestSupport
import XCTest

/// The reminder letters beyond their golden files: how each language writes money and dates, and what a letter
/// does with awkward input.
final class ReminderLettersTests: XCTestCase {
    private let nbsp = "\u{00A0}"

    func test_money_groupsThousandsAndPlacesTheCurrencyAsEachLanguageDoes() {
        let fi = Language.fi
        let sv = Language.sv
        let en = Language.en
        XCTAssertEqual(fi.money(1_234_567_89, .euro), "1\(nbsp)234\(nbsp)567,89\(nbsp)€")
        XCTAssertEqual(sv.money(1_234_56, .euro), "1\(nbsp)234,56\(nbsp)€")
        XCTAssertEqual(en.money(1_234_567_89, .euro), "€1,234,567.89")
        XCTAssertEqual(fi.money(5, .euro), "0,05\(nbsp)€")
        XCTAssertEqual(fi.money(-1000_00, .euro), "\u{2212}1\(nbsp)000,00\(nbsp)€")
        XCTAssertEqual(en.money(-1000_00, .euro), "\u{2212}€1,000.00")
        XCTAssertEqual(fi.money(12_00, Currency(code: "SEK")!), "12,00\(nbsp)SEK")
        XCTAssertEqual(en.money(12_00, Currency(code: "SEK")!), "SEK\(nbsp)12.00")
        XCTAssertEqual(fi.money(1234, Currency(code: "JPY")!), "1\(nbsp)234\(nbsp)JPY", "no decimals in yen")
    }

    func test_datesAndRates_asEachLanguageWritesThem() throws {
        let day = try LocalDate(parsing: "2026-01-05")
        XCTAssertEqual(Language.fi.letter.date(day), "5.1.2026")
        XCTAssertEqual(Language.sv.letter.date(day), "5.1.2026")
        XCTAssertEqual(Language.en.letter.date(day), "5 January 2026")
        XCTAssertEqual(Language.fi.letter.percent("10.5"), "10,5\(nbsp)%")
        XCTAssertEqual(Language.en.letter.percent("10.5"), "10.5%")
    }

    func test_language_isTheBuyers_elseFinnish() {
        XCTAssertEqual(Language(code: "SV"), .sv)
        XCTAssertEqual(Language(code: "en"), .en)
        XCTAssertEqual(Language(code: nil), .fi)
        XCTAssertEqual(Language(code: "de"), .fi)
        XCTAssertEqual(Set(Language.allCases.map(\.letter.title)).count, 3, "each language has its own texts")
    }

    func test_letter_escapesWhatItIsGiven_andStaysSelfContained() {
        let page = ReminderLetters.html(ReminderSamples.awkward)
        XCTAssertFalse(page.contains("<Itä>"))
        XCTAssertFalse(page.contains("<Demo>"))
        XCTAssertFalse(page.contains("</Street>"))
        XCTAssertTrue(page.contains("Öljy &amp; &quot;Kaasu&quot; &lt;Itä&gt;  Oy"), "the control character a space")
        XCTAssertTrue(page.contains("Satamakatu 3 &lt;/Street&gt;<br>00160</div>"), "an address without a town")
        XCTAssertTrue(page.contains("<html lang=\"fi\">"), "German has no texts: Finnish")
        XCTAssertTrue(page.contains("@page { size: A4;"))
        for external in ["<script", "<link", "<img", "src=", "http"] {
            XCTAssertFalse(page.contains(external), external)
        }
        XCTAssertTrue(page.contains("viestiksi laskun numeron INV/2026/0000000042X"), "no reference: the number")
        XCTAssertTrue(page.contains("10,125\(nbsp)% vuodessa ajalta –15.6.2026."), "no due date: no start")
        XCTAssertTrue(page.contains("10 § ja 10 e §"), "a business debtor's fee cap")
        XCTAssertFalse(page.contains("<th>BIC</th>"), "no BIC, no row")
    }

    func test_fileName_isNeverAPath() {
        XCTAssertEqual(ReminderLetters.fileName(ReminderSamples.letterOnly.reminder), "1003-M1.html")
        XCTAssertEqual(ReminderLetters.fileName(ReminderSamples.awkward.reminder), "INV_2026_0000000042X-M3.html")
        let sneaky = ReminderView(
            invoiceNumber: "../etc", customerId: "x", step: 1, dunningClass: "standard",
            issuedOn: ReminderSamples.awkward.reminder.issuedOn, currency: .euro, fee: 0, feeRule: "", compensation: 0,
            interest: 0, interestThrough: nil, interestRate: nil, payBy: ReminderSamples.awkward.reminder.payBy,
            channel: .letter, file: nil)
        XCTAssertEqual(ReminderLetters.fileName(sneaky), "_._etc-M1.html")
    }
}
