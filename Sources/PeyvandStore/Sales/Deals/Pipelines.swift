import Foundation
import PeyvandCore
import SQLKit

/// The pipelines and their stages: read by everyone who reads sales; created, renamed, reordered
/// and archived by those who configure sales (`sales.configure`). Every change is audited.
public struct Pipelines: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// The most stages one pipeline holds.
    public static let maxStages = 30

    /// Every pipeline in order, each with its stages in order.
    public func list(includeArchived: Bool = false, by principal: Principal) async throws -> [Pipeline] {
        try principal.require(.salesRead, to: "read the sales pipelines")
        return try await Self.all(database.sql, includeArchived: includeArchived)
    }

    public func get(_ id: Int64, by principal: Principal) async throws -> Pipeline {
        try principal.require(.salesRead, to: "read the sales pipelines")
        guard let pipeline = try await Self.fetch(database.sql, id) else { throw StoreError.notFound(entity: "pipeline", id: String(id)) }
        return pipeline
    }

    public func create(name: String, stages: [PipelineStageInput], by principal: Principal) async throws -> Pipeline {
        try principal.require(.salesConfigure, to: "configure the sales pipelines")
        var issues: [FieldIssue] = []
        let name = Self.name(name, field: "name", into: &issues)
        if stages.isEmpty { issues.append(FieldIssue(field: "stages", reason: "a pipeline needs at least one stage", code: "pipeline.noStages")) }
        if stages.count > Self.maxStages {
            issues.append(FieldIssue(field: "stages", reason: "at most \(Self.maxStages) items", code: "list.tooMany", params: ["max": "\(Self.maxStages)"]))
        }
        var valid: [(String, Int)] = []
        for (i, stage) in stages.prefix(Self.maxStages).enumerated() {
            let stageName = Self.name(stage.name ?? "", field: "stages[\(i)].name", into: &issues)
            let p = Self.probability(stage.probability, field: "stages[\(i)].probability", into: &issues)
            valid.append((stageName, p ?? 0))
        }
        guard issues.isEmpty else { throw StoreError.invalid(ValidationError(issues)) }
        let stagesToInsert = valid
        let id = try await database.transaction { db in
            let now = Clock.nowMillis()
            let position = try await db.raw("SELECT COALESCE(MAX(position), 0) AS p FROM pipelines").first()?.decode(column: "p", as: Int.self) ?? 0
            guard let id = try await db.raw("""
                INSERT INTO pipelines (name, position, created_at, updated_at) VALUES (\(bind: name), \(bind: position + 1), \(bind: now), \(bind: now))
                RETURNING id
                """).first()?.decode(column: "id", as: Int64.self) else { throw StoreError.conflict("the pipeline was not stored") }
            for (n, stage) in stagesToInsert.enumerated() {
                try await db.raw("""
                    INSERT INTO pipeline_stages (pipeline_id, name, position, probability)
                    VALUES (\(bind: id), \(bind: stage.0), \(bind: n + 1), \(bind: stage.1))
                    """).run()
            }
            try await AuditLog.record(db, entity: "pipeline", entityId: id, by: principal, action: "create", after: name, at: now)
            return id
        }
        return try await get(id, by: principal)
    }

    /// Renames, archives or restores a pipeline. A pipeline with open deals cannot be archived.
    public func update(_ id: Int64, name: String?, archived: Bool?, expectedVersion: Int? = nil, by principal: Principal) async throws -> Pipeline {
        try principal.require(.salesConfigure, to: "configure the sales pipelines")
        var issues: [FieldIssue] = []
        let newName = name.map { Self.name($0, field: "name", into: &issues) }
        guard issues.isEmpty else { throw StoreError.invalid(ValidationError(issues)) }
        try await database.transaction { db in
            guard let old = try await Self.fetch(db, id) else { throw StoreError.notFound(entity: "pipeline", id: String(id)) }
            if let expectedVersion, expectedVersion != old.version { throw StoreError.versionMismatch(current: old.version) }
            let now = Clock.nowMillis()
            if let newName, newName != old.name {
                try await db.raw("UPDATE pipelines SET name = \(bind: newName) WHERE id = \(bind: id)").run()
                try await AuditLog.record(db, entity: "pipeline", entityId: id, by: principal, action: "update", field: "name", before: old.name, after: newName, at: now)
            }
            if let archived, archived != old.archived {
                if archived, try await Self.openDeals(db, pipelineId: id) > 0 {
                    throw StoreError.conflict("the pipeline has open deals; close or move them before archiving it")
                }
                try await db.raw("UPDATE pipelines SET archived = \(bind: archived) WHERE id = \(bind: id)").run()
                try await AuditLog.record(db, entity: "pipeline", entityId: id, by: principal, action: archived ? "archive" : "restore", at: now)
            }
            try await Self.touch(db, id, now)
        }
        return try await get(id, by: principal)
    }

    /// Puts the pipelines in the order given (every pipeline's id, once).
    public func reorder(_ ids: [Int64], by principal: Principal) async throws -> [Pipeline] {
        try principal.require(.salesConfigure, to: "configure the sales pipelines")
        try await database.transaction { db in
            let all = try await Self.all(db, includeArchived: true).map(\.id)
            guard ids.count == all.count, Set(ids) == Set(all) else {
                throw StoreError.invalid(ValidationError(field: "pipelineIds", reason: "must list every pipeline once", code: "pipeline.order"))
            }
            for (n, id) in ids.enumerated() {
                try await db.raw("UPDATE pipelines SET position = \(bind: n + 1), version = version + 1 WHERE id = \(bind: id)").run()
            }
            try await AuditLog.record(db, entity: "pipeline", entityId: 0, by: principal, action: "reorder",
                                      after: ids.map(String.init).joined(separator: ","), at: Clock.nowMillis())
        }
        return try await list(includeArchived: true, by: principal)
    }

    /// Adds a stage at the end of a pipeline.
    public func addStage(_ pipelineId: Int64, _ input: PipelineStageInput, by principal: Principal) async throws -> Pipeline {
        try principal.require(.salesConfigure, to: "configure the sales pipelines")
        var issues: [FieldIssue] = []
        let name = Self.name(input.name ?? "", field: "name", into: &issues)
        let probability = Self.probability(input.probability, field: "probability", into: &issues)
        guard issues.isEmpty, let probability else { throw StoreError.invalid(ValidationError(issues)) }
        try await database.transaction { db in
            guard let pipeline = try await Self.fetch(db, pipelineId) else { throw StoreError.notFound(entity: "pipeline", id: String(pipelineId)) }
            guard pipeline.stages.count < Self.maxStages else {
                throw StoreError.invalid(ValidationError(field: "stages", reason: "at most \(Self.maxStages) items", code: "list.tooMany", params: ["max": "\(Self.maxStages)"]))
            }
            let position = (pipeline.stages.map(\.position).max() ?? 0) + 1
            try await db.raw("""
                INSERT INTO pipeline_stages (pipeline_id, name, position, probability)
                VALUES (\(bind: pipelineId), \(bind: name), \(bind: position), \(bind: probability))
                """).run()
            let now = Clock.nowMillis()
            try await AuditLog.record(db, entity: "pipeline", entityId: pipelineId, by: principal, action: "add-stage", after: "\(name) \(probability)%", at: now)
            try await Self.touch(db, pipelineId, now)
        }
        return try await get(pipelineId, by: principal)
    }

    /// Renames a stage, changes its default probability, or archives it (only when no open deal is in it).
    public func updateStage(_ pipelineId: Int64, stageId: Int64, _ input: PipelineStageInput, by principal: Principal) async throws -> Pipeline {
        try principal.require(.salesConfigure, to: "configure the sales pipelines")
        var issues: [FieldIssue] = []
        let name = input.name.map { Self.name($0, field: "name", into: &issues) }
        let probability = input.probability.flatMap { Self.probability($0, field: "probability", into: &issues) }
        guard issues.isEmpty else { throw StoreError.invalid(ValidationError(issues)) }
        try await database.transaction { db in
            guard let pipeline = try await Self.fetch(db, pipelineId) else { throw StoreError.notFound(entity: "pipeline", id: String(pipelineId)) }
            guard let stage = pipeline.stages.first(where: { $0.id == stageId }) else { throw StoreError.notFound(entity: "stage", id: String(stageId)) }
            let now = Clock.nowMillis()
            if let name, name != stage.name {
                try await db.raw("UPDATE pipeline_stages SET name = \(bind: name) WHERE id = \(bind: stageId)").run()
                try await AuditLog.record(db, entity: "pipeline", entityId: pipelineId, by: principal, action: "update-stage", field: "stage \(stageId) name",
                                          before: stage.name, after: name, at: now)
            }
            if let probability, probability != stage.probability.percent {
                try await db.raw("UPDATE pipeline_stages SET probability = \(bind: probability) WHERE id = \(bind: stageId)").run()
                try await AuditLog.record(db, entity: "pipeline", entityId: pipelineId, by: principal, action: "update-stage", field: "stage \(stageId) probability",
                                          before: String(stage.probability.percent), after: String(probability), at: now)
            }
            if let archived = input.archived, archived != stage.archived {
                if archived {
                    let open = try await db.raw("""
                        SELECT COUNT(*) AS n FROM deals WHERE stage_id = \(bind: stageId) AND status = 'open' AND deleted_at IS NULL
                        """).first()?.decode(column: "n", as: Int.self) ?? 0
                    if open > 0 { throw StoreError.conflict("\(open) open deals are in this stage; move them before archiving it") }
                    if pipeline.activeStages.count <= 1 {
                        throw StoreError.invalid(ValidationError(field: "archived", reason: "a pipeline needs at least one stage", code: "pipeline.noStages"))
                    }
                }
                try await db.raw("UPDATE pipeline_stages SET archived = \(bind: archived) WHERE id = \(bind: stageId)").run()
                try await AuditLog.record(db, entity: "pipeline", entityId: pipelineId, by: principal, action: archived ? "archive-stage" : "restore-stage",
                                          after: stage.name, at: now)
            }
            try await Self.touch(db, pipelineId, now)
        }
        return try await get(pipelineId, by: principal)
    }

    /// Puts a pipeline's stages in the order given (every stage of that pipeline, once).
    public func reorderStages(_ pipelineId: Int64, _ stageIds: [Int64], by principal: Principal) async throws -> Pipeline {
        try principal.require(.salesConfigure, to: "configure the sales pipelines")
        try await database.transaction { db in
            guard let pipeline = try await Self.fetch(db, pipelineId) else { throw StoreError.notFound(entity: "pipeline", id: String(pipelineId)) }
            guard stageIds.count == pipeline.stages.count, Set(stageIds) == Set(pipeline.stages.map(\.id)) else {
                throw StoreError.invalid(ValidationError(field: "stageIds", reason: "must list every stage of this pipeline once", code: "pipeline.order"))
            }
            for (n, id) in stageIds.enumerated() {
                try await db.raw("UPDATE pipeline_stages SET position = \(bind: n + 1) WHERE id = \(bind: id)").run()
            }
            let now = Clock.nowMillis()
            try await AuditLog.record(db, entity: "pipeline", entityId: pipelineId, by: principal, action: "reorder-stages",
                                      after: stageIds.map(String.init).joined(separator: ","), at: now)
            try await Self.touch(db, pipelineId, now)
        }
        return try await get(pipelineId, by: principal)
    }

    // MARK: - reading and checking

    static func touch(_ db: any SQLDatabase, _ id: Int64, _ now: Int64) async throws {
        try await db.raw("UPDATE pipelines SET version = version + 1, updated_at = \(bind: now) WHERE id = \(bind: id)").run()
    }

    static func openDeals(_ db: any SQLDatabase, pipelineId: Int64) async throws -> Int {
        try await db.raw("""
            SELECT COUNT(*) AS n FROM deals WHERE pipeline_id = \(bind: pipelineId) AND status = 'open' AND deleted_at IS NULL
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    static func name(_ text: String, field: String, into issues: inout [FieldIssue]) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { issues.append(FieldIssue(field: field, reason: "is required", code: "required")) }
        if trimmed.count > 100 { issues.append(FieldIssue(field: field, reason: "must be at most 100 characters", code: "text.tooLong", params: ["max": "100"])) }
        return trimmed
    }

    static func probability(_ value: Int?, field: String, into issues: inout [FieldIssue]) -> Int? {
        guard let value else {
            issues.append(FieldIssue(field: field, reason: "is required", code: "required"))
            return nil
        }
        do { return try Probability(value, field: field).percent } catch {
            issues += error.issues
            return nil
        }
    }

    static func all(_ db: any SQLDatabase, includeArchived: Bool) async throws -> [Pipeline] {
        var sql: SQLQueryString = "SELECT id, name, position, archived, version FROM pipelines"
        if !includeArchived { sql += " WHERE archived = \(bind: false)" }
        let pipelines = try await db.raw(sql + " ORDER BY position, id").all()
        let stages = try await db.raw("""
            SELECT id, pipeline_id, name, position, probability, archived FROM pipeline_stages ORDER BY pipeline_id, position, id
            """).all().map(Self.stage)
        let byPipeline = Dictionary(grouping: stages, by: \.pipelineId)
        return try pipelines.map { row in
            let id = try row.decode(column: "id", as: Int64.self)
            return try Self.pipeline(row, stages: byPipeline[id] ?? [])
        }
    }

    static func fetch(_ db: any SQLDatabase, _ id: Int64) async throws -> Pipeline? {
        guard let row = try await db.raw("SELECT id, name, position, archived, version FROM pipelines WHERE id = \(bind: id)").first() else { return nil }
        let stages = try await db.raw("""
            SELECT id, pipeline_id, name, position, probability, archived FROM pipeline_stages WHERE pipeline_id = \(bind: id) ORDER BY position, id
            """).all().map(Self.stage)
        return try Self.pipeline(row, stages: stages)
    }

    static func pipeline(_ row: any SQLRow, stages: [PipelineStage]) throws -> Pipeline {
        Pipeline(id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
                 position: try row.decode(column: "position", as: Int.self), archived: try row.decode(column: "archived", as: Bool.self),
                 version: try row.decode(column: "version", as: Int.self), stages: stages)
    }

    static func stage(_ row: any SQLRow) throws -> PipelineStage {
        PipelineStage(id: try row.decode(column: "id", as: Int64.self), pipelineId: try row.decode(column: "pipeline_id", as: Int64.self),
                      name: try row.decode(column: "name", as: String.self), position: try row.decode(column: "position", as: Int.self),
                      probability: Probability(clamping: try row.decode(column: "probability", as: Int.self)),
                      archived: try row.decode(column: "archived", as: Bool.self))
    }
}
