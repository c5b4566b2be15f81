import Foundation
import PeyvandCore

/// A sales pipeline: named, ordered among the others, with its stages in order.
public struct Pipeline: Sendable, Hashable {
    public let id: Int64
    public var name: String
    public var position: Int
    public var archived: Bool
    public let version: Int
    public var stages: [PipelineStage]

    /// The stages deals may be in (archived ones left out), in order.
    public var activeStages: [PipelineStage] { stages.filter { !$0.archived } }
}

/// One stage of a pipeline with the probability a deal in it starts with.
public struct PipelineStage: Sendable, Hashable {
    public let id: Int64
    public let pipelineId: Int64
    public var name: String
    public var position: Int
    public var probability: Probability
    public var archived: Bool
}

/// A stage as given to create or change a pipeline.
public struct PipelineStageInput: Sendable, Hashable {
    public var name: String?
    public var probability: Int?
    public var archived: Bool?

    public init(name: String? = nil, probability: Int? = nil, archived: Bool? = nil) {
        self.name = name
        self.probability = probability
        self.archived = archived
    }
}
