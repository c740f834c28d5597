import Foundation
import Testing
import SanctionsModel

@Suite struct NameSearchTests {
    @Test(arguments: [("Захарова", "zakharova"), ("Müller-Lüdenscheidt", "muller ludenscheidt"), ("ŁUKASZ Żółć", "lukasz zolc"),
                      ("АО «Концерн Калашников»", "ao kontsern kalashnikov"), ("  O'Neil,  Ltd. ", "o neil ltd"), ("Євген", "yevgen")])
    func folding(text: String, expected: String) {
        #expect(NameFolding.fold(text) == expected)
    }

    @Test func transliterationSchemesAgree() {
        let forms = ["Захарова", "Zakharova", "Zaharova", "ZAKHAROVA"]
        let keys = Set(forms.map { NameFolding.tokens($0) })
        #expect(keys.count == 1, "\(keys)")
        #expect(NameFolding.tokens("Калашников") == NameFolding.tokens("Kalashnikov"))
        #expect(NameFolding.tokens("Vassiliev") == NameFolding.tokens("Vasilyev"))
        #expect(NameFolding.tokens("Yevgeny") == NameFolding.tokens("Evgeny") && NameFolding.tokens("Євген") == NameFolding.tokens("Evgen"))
        #expect(NameFolding.tokens("Deripaska") != NameFolding.tokens("Deribaska"), "different names stay different")
    }

    static func network() -> SanctionsNetwork {
        var b = NetworkBuilder()
        func entity(_ id: String, _ schema: String, names: [String], aliases: [String] = []) {
            let v = b.node(id)
            _ = b.define(v, schema: schema, kind: FtMSchema.entityKind(of: schema) ?? .other, line: 1)
            for n in names { b.addName(v, b.text(n)) }
            for a in aliases { b.addAlias(v, b.text(a)) }
        }
        entity("c-rusal", "Company", names: ["United Company RUSAL plc"], aliases: ["Русал"])
        entity("p-zakharova", "Person", names: ["Maria Zakharova"], aliases: ["Мария Захарова"])
        entity("p-zakharov", "Person", names: ["Aleksandr Zakharov"])
        entity("c-a", "Company", names: ["Alpha Trading"])
        entity("c-b", "Company", names: ["Alpha Trading"])
        var id = "NK-old-rusal"
        id.withUTF8 { b.addReferent(b.node("c-rusal"), UnsafeRawBufferPointer($0)) }
        return b.finish().0
    }

    /// The skeleton is docs/names.md's replacements applied in turn, each left to right, then
    /// doubled letters as one: checked on 20,000 random words of the letters the rules name.
    @Test func skeletonIsTheReplacementsAppliedInTurn() {
        let rules = [("shch", "s"), ("sch", "s"), ("sh", "s"), ("ch", "c"), ("zh", "z"), ("kh", "h"), ("ts", "c"), ("tz", "c"),
                     ("ph", "f"), ("ck", "k"), ("yu", "u"), ("iu", "u"), ("ya", "a"), ("ia", "a"), ("yo", "o"),
                     ("y", "i"), ("j", "i"), ("w", "v"), ("x", "ks")]
        func reference(_ word: String) -> String {
            var s = word
            if s.hasPrefix("ye") { s.removeFirst() }
            for (a, b) in rules { s = s.replacingOccurrences(of: a, with: b) }
            var out = ""
            for c in s where out.last != c { out.append(c) }
            return out
        }
        let letters = Array("abcehijkopstuwxyz")
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0 ..< 20_000 {
            let word = String((0 ..< next(13)).map { _ in letters[next(letters.count)] })
            #expect(NameFolding.skeleton(word) == reference(word), "\(word)")
        }
        #expect(NameFolding.skeleton("yevgeny") == "evgeni" && NameFolding.skeleton("zakharova") == "zaharova")
    }

    @Test func searchFindsAcrossScriptsAndRanksExactMatchesFirst() {
        let n = Self.network()
        let index = NameIndex(n)
        #expect(index.search("rusal").first.map { n.id(of: $0.node) } == "c-rusal")
        #expect(index.search("Zaharova").map { n.id(of: $0.node) } == ["p-zakharova"])
        let both = index.search("Захарова Мария")
        #expect(both.first.map { n.id(of: $0.node) } == "p-zakharova" && both.first?.score == 1, "every word, another order: \(both)")
        #expect(index.search("Мария Захарова").first?.score == 2, "the whole name after folding")
        #expect(index.search("nothing like it").isEmpty)
    }

    @Test func resolutionIsNeverAFuzzyPick() {
        let n = Self.network()
        let index = NameIndex(n)
        guard case .id(let v) = index.resolve("c-rusal"), n.id(of: v) == "c-rusal" else { Issue.record("id"); return }
        guard case .referent(let r) = index.resolve("NK-old-rusal"), n.id(of: r) == "c-rusal" else { Issue.record("referent"); return }
        guard case .name(let m, let matched) = index.resolve("русал"), n.id(of: m) == "c-rusal", matched == "Русал" else { Issue.record("alias"); return }
        guard case .ambiguous(let hits) = index.resolve("alpha trading"), hits.count >= 2 else { Issue.record("ambiguous"); return }
        guard case .notFound(let near) = index.resolve("Zakharova"), near.first.map({ n.id(of: $0.node) }) == "p-zakharova" else {
            Issue.record("a partial name is not resolved, only suggested")
            return
        }
    }
}
