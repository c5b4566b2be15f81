/// What the page of an area not built yet (`area.mustache`) renders.
struct AreaModel {
    let areaTitle: String
    let areaPurpose: String
}
