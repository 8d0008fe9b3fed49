from cities.worldmap import position, spread


def test_the_equator_and_greenwich_meet_in_the_middle_of_the_maps_width():
    left, top = position(0, 0)
    assert left == 50.0
    assert 55 < top < 65


def test_points_beyond_the_maps_edges_stay_on_the_map():
    assert position(89, 179.99)[1] == 0.0
    assert position(-80, -180) == (0.0, 100.0)


def test_markers_on_the_same_spot_are_set_side_by_side():
    grenoble, metropole, tokyo = (51.59, 31.1), (51.59, 31.12), (88.8, 34.0)
    placed = spread([grenoble, metropole, tokyo])
    assert placed[0] == grenoble
    assert placed[1][0] >= grenoble[0] + 1.0
    assert placed[2] == tokyo
