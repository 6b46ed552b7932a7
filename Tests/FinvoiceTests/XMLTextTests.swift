@testable import Finvoice
import XCTest

/// How a reminder's values are made to fit the Finvoice schema: the plain values most are, returned as they are, and
/// the others.
final class XMLTextTests: XCTestCase {
    func test_escaped_leavesPlainText_escapesMarkup_dropsWhatXMLDoesNotAllow() {
        XCTAssertEqual(XMLText.escaped("Virtanen Oy, Hämeenkatu 1"), "Virtanen Oy, Hämeenkatu 1")
        XCTAssertEqual(XMLText.escaped("A & B <\"C\">"), "A &amp; B &lt;&quot;C&quot;&gt;")
        XCTAssertEqual(XMLText.escaped("a\u{1}b\tc\u{FFFE}d\u{FFFF}e"), "ab\tcde")
        XCTAssertEqual(XMLText.escaped("\u{FFFD}\u{F000}"), "\u{FFFD}\u{F000}", "other characters after 0xEF stay")
    }

    func test_cleaned_makesEveryRunOfSpaceOrControlOneSpace() {
        XCTAssertEqual(XMLText.cleaned("Oy Pilkku Ab"), "Oy Pilkku Ab")
        XCTAssertEqual(XMLText.cleaned("  Oy\t\r\n Pilkku\u{7F}Ab  "), "Oy Pilkku Ab")
        XCTAssertEqual(XMLText.cleaned("Oy\u{A0}Pilkku\u{2003}\u{85}Ab\u{1}"), "Oy Pilkku Ab", "non-ASCII space and C1")
        XCTAssertEqual(XMLText.cleaned("Ääkköset ~!"), "Ääkköset ~!")
    }

    func test_lines_keepAShortValueWhole_andCutALongOneBetweenWords() {
        XCTAssertEqual(XMLText.lines("  Oy   Pilkku Ab ", max: 12, min: 2), ["Oy Pilkku Ab"])
        XCTAssertEqual(XMLText.lines("Oy Pilkku Ab", max: 11, min: 2), ["Oy Pilkku", "Ab"])
        XCTAssertEqual(XMLText.lines("Pilkkupalvelut Ab", max: 6, min: 2), ["Pilkku", "palvel", "ut Ab"])
        XCTAssertEqual(XMLText.lines("Oy Pilkku A", max: 10, min: 2), ["Oy", "Pilkku A"], "no one-letter last line")
        XCTAssertNil(XMLText.lines(" x ", max: 10, min: 2))
    }
}
