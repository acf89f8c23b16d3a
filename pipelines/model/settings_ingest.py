"""Settings of the import ([ingest] in ``ward.toml``): OSM defaults, boundaries, geocoding."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.model.setting_field import PRODUCT_DEFAULT as _PRODUCT
from pipelines.model.setting_field import setting


@dataclass(frozen=True)
class IngestSection:
    boundary_margin_m: float = setting(
        200.0,
        unit="m",
        vi="Khoảng cho phép ngoài ranh giới phường khi nhập điểm",
        en="Margin outside the ward boundary accepted on import",
        source=_PRODUCT,
        minimum=0.0,
    )
    duplicate_distance_m: float = setting(
        5.0,
        unit="m",
        vi="Hai đối tượng cùng tên cách nhau dưới khoảng này bị đánh dấu trùng",
        en="Features with the same name closer than this are flagged as duplicates",
        source=_PRODUCT,
        minimum=0.0,
    )
    lane_width_m: float = setting(
        3.5,
        unit="m",
        vi="Bề rộng một làn xe (tính bề rộng đường OSM từ thẻ lanes)",
        en="Width of one lane (road width from the OSM lanes tag)",
        source="Làn xe cơ giới thường rộng 3,0–3,75 m (TCXDVN 104:2007); chọn 3,5 m",
        confidence="thấp",
        minimum=1.0,
        maximum=6.0,
    )
    osm_highway_width_m: dict = setting(
        {
            "motorway": 15.0,
            "trunk": 15.0,
            "primary": 12.0,
            "secondary": 10.0,
            "tertiary": 7.0,
            "unclassified": 5.0,
            "residential": 5.0,
            "living_street": 3.0,
            "service": 3.0,
            "pedestrian": 3.0,
            "track": 3.0,
            "road": 4.0,
            "footway": 1.5,
            "path": 1.5,
            "cycleway": 1.5,
            "bridleway": 1.5,
            "steps": 1.5,
            "service=alley": 2.5,
            "service=driveway": 2.5,
            "service=parking_aisle": 5.0,
            "other": 3.0,
        },
        vi=(
            "Bề rộng mặc định theo loại đường OSM (khi không có thẻ width, lanes); "
            "'*_link' lấy bề rộng của loại chính, 'service=…' theo thẻ service, "
            "'other' cho loại đường chưa có trong bảng"
        ),
        en=(
            "Default width by OSM highway class (when width and lanes are absent); "
            "'*_link' takes its main class's width, 'service=…' goes by the service tag, "
            "'other' is for any class not in the table"
        ),
        source=_PRODUCT + "; hãy đo thực tế các ngõ hẹp",
        confidence="thấp",
    )
    max_boundary_km2: float = setting(
        50.0,
        unit="km²",
        vi="Ranh giới lớn hơn diện tích này phải xác nhận khi bắt đầu phường (có thể nhầm quận, huyện)",
        en="A boundary larger than this must be confirmed when starting a ward (a district by mistake?)",
        source=_PRODUCT + " (để nhận ra tệp ranh giới quận, huyện chọn nhầm)",
        minimum=0.0,
    )
    osm_poi_category: dict = setting(
        {
            "amenity=nightclub": "karaoke",
            "amenity=karaoke_box": "karaoke",
            "amenity=bar": "karaoke",
            "amenity=pub": "karaoke",
            "leisure=dance": "karaoke",
            "tourism=hotel": "lodging",
            "tourism=guest_house": "lodging",
            "tourism=hostel": "lodging",
            "tourism=motel": "lodging",
            "tourism=apartment": "lodging",
            "amenity=marketplace": "market",
            "shop=mall": "market",
            "shop=supermarket": "market",
            "shop=department_store": "market",
            "amenity=fuel": "fuel_gas",
            "shop=gas": "fuel_gas",
            "amenity=school": "school",
            "amenity=kindergarten": "school",
            "amenity=childcare": "school",
            "amenity=college": "school",
            "amenity=university": "school",
            "amenity=hospital": "healthcare",
            "amenity=clinic": "healthcare",
            "healthcare=hospital": "healthcare",
            "healthcare=clinic": "healthcare",
            "amenity=townhall": "office",
            "office=government": "office",
            "building=apartments": "apartment",
        },
        vi=(
            "Điểm OSM (thẻ=giá trị) được gợi ý thành cơ sở quản lý PCCC và loại hình của nó; "
            "điểm khác (quán ăn, quán cà phê…) không nhập"
        ),
        en=(
            "OSM points of interest (tag=value) seeded as premises candidates, and their "
            "category; other points (restaurants, cafés…) are not imported"
        ),
        source=(
            "Loại hình theo Luật PCCC&CNCH 55/2024/QH15 và NĐ 105/2025/NĐ-CP (Phụ lục I, VII: "
            "karaoke/bar/vũ trường, nhà nghỉ/khách sạn, chợ/TTTM/siêu thị, xăng dầu/khí đốt, "
            "trường học, y tế, cơ quan, chung cư); gán thẻ OSM: " + _PRODUCT
        ),
        confidence="trung bình",
    )
    osm_water_source_status: str = setting(
        "unknown",
        vi="Tình trạng gán cho nguồn nước nhập từ OSM (OSM không ghi tình trạng)",
        en="Status given to water sources imported from OSM (OSM has no status)",
        source=_PRODUCT
        + "; OSM không ghi tình trạng: 'unknown' (chưa rõ) cho tới khi kiểm tra thực tế, "
        "không tính là hoạt động tốt",
    )
    former_ward_names: str = setting(
        "",
        vi="Tên cũ của phường trước sáp nhập, cách nhau bằng dấu ;",
        en="Former names of the ward before the merger, separated by ;",
        source="Dữ liệu của phường (sắp xếp đơn vị hành chính 2025)",
    )
    # Placing addresses on the ward's roads (pipelines/ingest/geocode.py).
    geocode_min_score: float = setting(
        88.0,
        vi="Điểm giống tối thiểu (0–100) để nhận một tên đường viết sai chính tả",
        en="Minimum similarity (0–100) to accept a misspelt road name",
        source=_PRODUCT,
        minimum=50.0,
        maximum=100.0,
    )
    geocode_frontage_m: float = setting(
        4.0,
        unit="m",
        vi="Bề ngang trung bình một nhà dọc ngõ/phố (ước vị trí theo số nhà)",
        en="Average house frontage along an alley/street (position from the house number)",
        source=_PRODUCT + "; nhà ống phố cổ thường rộng 3–5 m",
        confidence="thấp",
        minimum=1.0,
        maximum=50.0,
    )
    geocode_number_error_share: float = setting(
        0.25,
        vi="Sai số ước tính của điểm đặt theo số nhà, tính theo phần quãng đường từ đầu ngõ",
        en="Estimated error of a point placed by house number, as a share of its distance along",
        source=_PRODUCT,
        minimum=0.0,
        maximum=1.0,
    )
    by_hand_error_m: float = setting(
        5.0,
        unit="m",
        vi="Sai số ghi cho điểm đặt bằng tay trên bản đồ",
        en="Error recorded for a point placed by hand on the map",
        source=_PRODUCT,
        minimum=0.0,
    )
