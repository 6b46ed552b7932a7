import Receivables
import Reports
import XCTest

final class JSONLineBuilderTests: XCTestCase {
    private func line(_ build: (inout JSONLineBuilder) -> Void) -> String {
        var builder = JSONLineBuilder()
        builder.beginObject()
        build(&builder)
        builder.endLine()
        return String(decoding: builder.bytes, as: UTF8.self)
    }

    func testStringsAreEscapedExactlyWhereJSONRequires() {
        let text = line {
            $0.field("plain", "Äijälä Oy")
            $0.field("quote", "say \"hi\"")
            $0.field("backslash", #"C:\temp"#)
            $0.field("controls", "a\nb\tc\rd\u{1}e\u{1F}")
            $0.field("empty", "")
            $0.field("missing", nil as String?)
        }
        XCTAssertEqual(text, #"{"plain":"Äijälä Oy","quote":"say \"hi\"","backslash":"C:\\temp","#
            + #""controls":"a\nb\tc\rd\u0001e\u001f","empty":"","missing":null}"# + "\n")
    }

    /// A byte that needs escaping is found wherever it sits among the eight-byte words the fast path reads.
    func testEscapesAreFoundAtEveryPositionAndLength() {
        for length in 0..<20 {
            for position in 0..<max(length, 1) {
                for special in ["\"", "\\", "\n", "\u{1}", "\u{1F}"] where length > 0 {
                    var characters = Array(repeating: position % 2 == 0 ? "a" : "ä", count: length)
                    characters[position] = special
                    let value = characters.joined()
                    let text = line { $0.field("v", value) }
                    let expected = "{\"v\":\"" + characters.map(escaped).joined() + "\"}\n"
                    XCTAssertEqual(text, expected, "length \(length), position \(position)")
                }
                let plain = String(repeating: "a~ä\u{7F}", count: length)
                XCTAssertEqual(line { $0.field("v", plain) }, "{\"v\":\"" + plain + "\"}\n")
            }
        }
    }

    private func escaped(_ character: String) -> String {
        switch character {
        case "\"": return #"\""#
        case "\\": return #"\\"#
        case "\n": return #"\n"#
        case "\u{1}": return #"\u0001"#
        case "\u{1F}": return #"\u001f"#
        default: return character
        }
    }

    func testAmountsAndDatesAreWrittenAsTheirTexts() {
        let euro = Currency.euro
        let yen = Currency(code: "JPY")!
        let amounts = [Amount(minorUnits: 12_550, currency: euro), Amount(minorUnits: -5, currency: euro),
                       Amount(minorUnits: 200, currency: yen), Amount(minorUnits: Int64.min, currency: euro)]
        let date = LocalDate(year: 2026, month: 2, day: 7)!
        let text = line {
            for amount in amounts { $0.field("amount", decimal: amount) }
            $0.field("none", decimal: nil)
            $0.field("date", date: date)
            $0.field("noDate", date: nil)
        }
        XCTAssertEqual(
            text, #"{"amount":"125.50","amount":"-0.05","amount":"200","amount":"-92233720368547758.08","none":null,"#
                + #""date":"2026-02-07","noDate":null}"# + "\n")
        XCTAssertEqual(amounts.map(\.decimalString), ["125.50", "-0.05", "200", "-92233720368547758.08"])
        XCTAssertEqual(date.description, "2026-02-07")
    }

    func testALongLineGrowsTheBufferAndKeepsEveryByte() {
        let long = String(repeating: "x\"", count: 100_000)
        let text = line { $0.field("long", long) }
        XCTAssertEqual(text.utf8.count, #"{"long":""#.utf8.count + 300_000 + 3)
        XCTAssertTrue(text.hasSuffix("x\\\"\"}\n"))
    }
}
