import Foundation
import Testing
import TestKit
import SanctionsGraph

/// `render`, `centrality`, `components`, `path` and `owners` run end to end.
@Suite struct RenderAndAnalysisCLITests {
    let demo = "Graphs/demo-rare-earths.ftm.json"

    @Test func renderWritesSVGPNGAndDeterministicDOT() throws {
        let dir = try TempDir("render")
        defer { dir.remove() }
        let svg = try runCLI(["render", demo, "--focus", "p-viktor-stolnik", "--depth", "1", "--rule", "uk", "--as-of", "2026-11-29", "-o", dir.file("ego.svg")])
        #expect(svg.status == 0, "\(svg.stderr)")
        let text = try String(contentsOfFile: dir.file("ego.svg"), encoding: .utf8)
        // The stable id e-p-viktor-stolnik (Graphviz writes '-' as &#45; in SVG ids).
        #expect(text.contains("<svg") && text.contains("Viktor Stolnik"))
        #expect(text.contains("id=\"e&#45;p&#45;viktor&#45;stolnik\"") || text.contains("id=\"e-p-viktor-stolnik\""))
        let png = try runCLI(["render", demo, "--explain", "c-baikal-foil-products", "--rule", "ofac", "--as-of", "2026-11-29", "-o", dir.file("explain.png")])
        #expect(png.status == 0, "\(png.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir.file("explain.png")))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        for name in ["a.dot", "b.dot"] {
            let r = try runCLI(["render", demo, "--top", "10", "--as-of", "2026-11-29", "-o", dir.file(name)])
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.file("a.dot"))) == Data(contentsOf: URL(fileURLWithPath: dir.file("b.dot"))))
        let bad = try runCLI(["render", demo, "-o", dir.file("out.gif")])
        #expect(bad.status != 0 && !bad.stderr.isEmpty)
    }

    @Test func centralityCSVIsSortedByScoreThenID() throws {
        let r = try runCLI(["centrality", demo, "--measure", "pagerank", "--top", "0", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").map(String.init)
        #expect(rows.first == "id,name,score")
        let scores = rows.dropFirst().compactMap { $0.split(separator: ",").last.flatMap { Double($0) } }
        #expect(scores.count == rows.count - 1 && scores.count > 50)
        #expect(zip(scores, scores.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(abs(scores.reduce(0, +) - 1) < 1e-9)
    }

    /// csv and json list every row unless --top is given; text stops at 20 by default.
    @Test func csvAndJSONListEveryRowUnlessTopIsGiven() throws {
        let network = try GraphLoader.load(path: demo).0
        let entities = AnalysisGraph(network).nodeCount
        #expect(entities > 20)
        let csv = try runCLI(["centrality", demo, "--measure", "degree", "--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = csv.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == entities, "one row per entity, not 20")
        #expect(Set(rows.map { String($0.split(separator: ",")[0]) }) == Set(AnalysisGraph(network).nodes.map { network.id(of: $0) }))
        let json = try runCLI(["centrality", demo, "--measure", "degree", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((object?["scores"] as? [Any])?.count == entities)
        let topped = try runCLI(["centrality", demo, "--measure", "degree", "--format", "csv", "--top", "5"])
        #expect(topped.stdout.split(separator: "\n").count == 6)
        let text = try runCLI(["centrality", demo, "--measure", "degree"])
        #expect(text.stdout.split(separator: "\n").count == 21, "a header and 20 rows")
        let rank = try runCLI(["rank", demo, "--by", "relief", "--rule", "ofac", "--as-of", "2026-11-29", "--format", "csv"])
        let ranked = evaluate(network, rule: .ofac, asOf: Day(year: 2026, month: 11, day: 29)!).rankDelistings()
        #expect(rank.stdout.split(separator: "\n").count == ranked.count + 1)
    }

    /// One measure enum: render's --top takes any centrality measure, centrality takes in-share.
    @Test func measuresAreSharedByCentralityAndRender() throws {
        let dir = try TempDir("render-measures")
        defer { dir.remove() }
        let r = try runCLI(["render", demo, "--top", "5", "--measure", "in-share", "--as-of", "2026-11-29", "-o", dir.file("top.dot")])
        #expect(r.status == 0, "\(r.stderr)")
        let dot = try String(contentsOfFile: dir.file("top.dot"), encoding: .utf8)
        #expect(dot.contains("Top 5 entities by ownership shares held in them"))
        let b = try runCLI(["render", demo, "--top", "5", "--measure", "betweenness", "--as-of", "2026-11-29", "-o", dir.file("b.dot")])
        let bText = try String(contentsOfFile: dir.file("b.dot"), encoding: .utf8)
        #expect(b.status == 0 && bText.contains("Top 5 entities by betweenness centrality"))
        let c = try runCLI(["centrality", demo, "--measure", "in-share", "--as-of", "2026-11-29", "--format", "csv", "--top", "1"])
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stdout.split(separator: "\n").count == 2)
        let bad = try runCLI(["render", demo, "--top", "5", "--measure", "fame", "-o", dir.file("x.dot")])
        #expect(bad.status != 0 && bad.stderr.contains("'fame'"))
    }

    /// render and convert take the same rule options as blocked, custom included.
    @Test func renderAndConvertTakeACustomRule() throws {
        let dir = try TempDir("custom-rule")
        defer { dir.remove() }
        let args = ["--rule", "custom", "--threshold", "25", "--control", "control", "--as-of", "2026-11-29"]
        let r = try runCLI(["render", demo, "--explain", "c-taiga-nickel-trading", "-o", dir.file("e.dot")] + args)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOfFile: dir.file("e.dot"), encoding: .utf8).contains("CUSTOM"))
        let c = try runCLI(["convert", demo, "-o", dir.file("d.graphml")] + args)
        #expect(c.status == 0, "\(c.stderr)")
        let graphml = try String(contentsOfFile: dir.file("d.graphml"), encoding: .utf8)
        #expect(graphml.contains("<data key=\"g_rule\">custom</data>"))
        let network = try GraphLoader.load(path: demo).0
        var settings = RuleSettings(kind: .custom, threshold: 25, controlKinds: [.control])
        settings.undated = .knownSince
        let result = evaluate(network, rule: try settings.rule(), asOf: Day(year: 2026, month: 11, day: 29)!)
        let owned = result.status.filter { $0 == .owned }.count
        #expect(owned > 0 && graphml.components(separatedBy: "<data key=\"v_status\">owned</data>").count - 1 == owned)
        let stray = try runCLI(["render", demo, "--threshold", "25", "-o", dir.file("x.dot")])
        #expect(stray.status != 0 && stray.stderr.contains("go with --rule"), "\(stray.stderr)")
        let preset = try runCLI(["convert", demo, "-o", dir.file("y.graphml"), "--rule", "ofac", "--threshold", "25"])
        #expect(preset.status != 0 && preset.stderr.contains("go with --rule custom"), "\(preset.stderr)")
    }

    /// `--threads` changes the speed, not the answer: closeness and harmonic to the bit;
    /// betweenness to 1e-12 (the threads' partial sums are added in thread order). `--threads 0`
    /// is refused. (Eigenvector splits work by blocks of 4,096 nodes, so the demo runs on one
    /// thread whatever is asked; GraphAlgorithmsTests checks it on 10,000 nodes.)
    @Test func threadsOptionKeepsTheScores() throws {
        func scores(_ measure: String, _ threads: String) throws -> [String: Double] {
            let r = try runCLI(["centrality", demo, "--measure", measure, "--top", "0", "--format", "csv", "--threads", threads])
            #expect(r.status == 0, "\(r.stderr)")
            var result: [String: Double] = [:]
            for row in r.stdout.split(separator: "\n").dropFirst() {
                let fields = row.split(separator: ",")
                if let id = fields.first, let score = fields.last.flatMap({ Double($0) }) { result[String(id)] = score }
            }
            return result
        }
        for measure in ["closeness", "harmonic", "betweenness"] {
            let one = try scores(measure, "1"), two = try scores(measure, "2")
            #expect(one.count > 50 && Set(one.keys) == Set(two.keys))
            for (id, value) in one {
                let other = two[id] ?? .nan
                if measure == "betweenness" {
                    #expect(abs(value - other) <= 1e-12 * max(1, abs(value)), "\(measure) \(id)")
                } else {
                    #expect(value == other, "\(measure) \(id)")
                }
            }
        }
        let zero = try runCLI(["centrality", demo, "--measure", "closeness", "--threads", "0"])
        #expect(zero.status != 0 && zero.stderr.contains("--threads must be at least 1"))
    }

    @Test func centralityOnABareEdgeList() throws {
        let dir = try TempDir("edges")
        defer { dir.remove() }
        let path = try dir.write("edges.csv", "source,target\na,b\nb,c\na,c\nc,d\n")
        let r = try runCLI(["centrality", path, "--measure", "betweenness", "--undirected", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let scores = try #require(json["scores"] as? [[String: Any]])
        // Undirected path-like graph a–b–c–d with a–c: c lies on the most shortest paths.
        #expect(scores.first?["id"] as? String == "c")
    }

    @Test func componentsPathAndOwners() throws {
        let c = try runCLI(["components", demo, "--strong", "--format", "json"])
        #expect(c.status == 0 && c.stdout.contains("\"components\""), "\(c.stderr)")
        let p = try runCLI(["path", "Graphs/en-plus-2019.ftm.json", "p-oleg-deripaska", "c-aughinish-alumina", "--strongest", "--as-of", "2018-06-01", "--format", "json"])
        #expect(p.status == 0, "\(p.stderr)")
        let path = try #require(try JSONSerialization.jsonObject(with: Data(p.stdout.utf8)) as? [String: Any])
        #expect((path["path"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["p-oleg-deripaska", "c-en-plus", "c-rusal", "c-aughinish-alumina"])
        #expect(abs(((path["percent"] as? Double) ?? 0) - 70 * 0.4813) < 1e-6)
        let o = try runCLI(["owners", "Graphs/en-plus-2019.ftm.json", "c-aughinish-alumina", "--as-of", "2018-06-01", "--format", "json"])
        #expect(o.status == 0, "\(o.stderr)")
        let owners = try #require(try JSONSerialization.jsonObject(with: Data(o.stdout.utf8)) as? [String: Any])
        let list = try #require(owners["owners"] as? [[String: Any]])
        #expect(list.first?["id"] as? String == "c-rusal")
        #expect(list.contains { $0["id"] as? String == "p-oleg-deripaska" && ($0["ultimate"] as? Bool) == true })
    }

    /// Integrated ownership as an interval: a stake of unknown size is 0–100%, never 1%.
    @Test func ownersGivesBoundsAndCSV() throws {
        let r = try runCLI(["owners", "Graphs/demo-rare-earths.ftm.json", "c-polar-magnet-alloys", "--as-of", "2026-11-29", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "id,name,low,high,ultimate")
        #expect(lines.contains("p-viktor-stolnik,Viktor Stolnik,0,100,true"), "\(lines)")
        #expect(lines.contains("p-arkady-veltsin,Arkady Veltsin,30,30,true"))
        let bad = try runCLI(["owners", "Graphs/demo-rare-earths.ftm.json", "c-polar-magnet-alloys", "--format", "xml"])
        #expect(bad.status != 0 && bad.stderr.contains("'xml' is invalid for '--format <format>'") && bad.stderr.contains("'csv'"), "\(bad.stderr)")
    }
}
