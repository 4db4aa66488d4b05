//! Point editing for the click-to-add map: add / remove nearest / clear, the class count growing
//! by one click, the stored JSON round trip and its hostile inputs, and the all-train split.

use activation_lab::data::points::{PointSet, PointTask, MAX_POINTS};
use activation_lab::data::toy::TwoD;
use activation_lab::data::Task;

fn two_classes() -> PointSet {
    PointSet::new(PointTask::Classes { classes: 2 }).unwrap()
}

#[test]
fn add_remove_nearest_and_clear() {
    let mut s = two_classes();
    s.add(1.0, 1.0, 0.0).unwrap();
    s.add(-2.0, 3.0, 1.0).unwrap();
    s.add(4.0, -4.0, 1.0).unwrap();
    assert_eq!(s.len(), 3);
    assert_eq!(s.class_counts(), vec![1, 2]);
    // Nothing within the radius: nothing removed.
    assert_eq!(s.remove_nearest(0.0, -5.0, 0.5), None);
    assert_eq!(s.len(), 3);
    // The nearest of the three is the second.
    assert_eq!(s.remove_nearest(-1.8, 2.7, 1.0), Some(1));
    assert_eq!(s.xy(), &[1.0, 1.0, 4.0, -4.0]);
    assert_eq!(s.values(), &[0.0, 1.0]);
    s.clear();
    assert!(s.is_empty());
    assert_eq!(s.task(), PointTask::Classes { classes: 2 });
}

#[test]
fn a_label_one_past_the_classes_adds_a_class_up_to_ten() {
    let mut s = two_classes();
    s.add(0.0, 0.0, 2.0).unwrap();
    assert_eq!(s.task(), PointTask::Classes { classes: 3 });
    assert!(s.add(0.0, 0.0, 4.0).is_err(), "skipping a class is refused");
    for c in 3..10 {
        s.add(0.5, 0.5, c as f32).unwrap();
    }
    assert_eq!(s.task(), PointTask::Classes { classes: 10 });
    let err = s.add(0.0, 0.0, 10.0).unwrap_err().to_string();
    assert!(err.contains("0 to 9"), "{err}");
}

#[test]
fn points_outside_the_square_or_bad_values_are_refused() {
    let mut s = two_classes();
    for (x, y, v) in [
        (6.5, 0.0, 0.0),
        (0.0, f32::NAN, 0.0),
        (0.0, 0.0, 0.5),
        (0.0, 0.0, -1.0),
    ] {
        assert!(s.add(x, y, v).is_err(), "({x}, {y}, {v}) accepted");
    }
    let mut r = PointSet::new(PointTask::Regression).unwrap();
    r.add(1.0, 2.0, -0.75).unwrap();
    assert!(r.add(1.0, 2.0, f32::INFINITY).is_err());
    assert!(r.add(1.0, 2.0, 1e6).is_err());
    assert!(PointSet::new(PointTask::Classes { classes: 1 }).is_err());
    assert!(PointSet::new(PointTask::Classes { classes: 11 }).is_err());
}

#[test]
fn json_round_trip_and_hostile_stored_values() {
    let mut s = two_classes();
    s.add(1.25, -3.5, 1.0).unwrap();
    s.add(-6.0, 6.0, 0.0).unwrap();
    let back = PointSet::from_json(&s.to_json()).unwrap();
    assert_eq!(back, s);

    let bad = [
        ("", "not readable"),
        ("{}", "not readable"),
        ("<script>alert(1)</script>", "not readable"),
        (
            r#"{"version":2,"task":{"kind":"regression"},"points":[]}"#,
            "version 2",
        ),
        (
            r#"{"version":1,"task":{"kind":"classes","classes":50},"points":[]}"#,
            "2 to 10 classes",
        ),
        (
            r#"{"version":1,"task":{"kind":"classes","classes":2},"points":[[0,0,2]]}"#,
            "saved point 1",
        ),
        (
            r#"{"version":1,"task":{"kind":"classes","classes":2},"points":[[0,0,0],[9,0,1]]}"#,
            "saved point 2",
        ),
        (
            r#"{"version":1,"task":{"kind":"regression"},"points":[[0,0,1e30]]}"#,
            "saved point 1",
        ),
    ];
    for (text, want) in bad {
        let err = PointSet::from_json(text).unwrap_err().to_string();
        assert!(err.contains(want), "{text}: {err}");
    }
    let huge = format!(
        r#"{{"version":1,"task":{{"kind":"regression"}},"points":[{}]}}"#,
        vec!["[0,0,0]"; MAX_POINTS + 1].join(",")
    );
    let err = PointSet::from_json(&huge).unwrap_err().to_string();
    assert!(err.contains(&MAX_POINTS.to_string()), "{err}");
}

#[test]
fn a_generated_set_becomes_an_editable_set_and_every_point_trains() {
    let split = TwoD::SpiralThree.generate_split(300, 0.0, 0.5, 3).unwrap();
    let s = PointSet::from_split(&split).unwrap();
    assert_eq!(s.len(), 300);
    assert_eq!(s.task(), PointTask::Classes { classes: 3 });
    assert_eq!(s.class_counts(), vec![100, 100, 100]);
    let all = s.to_split().unwrap();
    assert_eq!(all.train.len(), 300);
    assert!(all.test.is_empty());
    assert_eq!(all.train.task, Task::Classification { classes: 3 });

    let plane = TwoD::Plane.generate_split(50, 0.0, 0.5, 1).unwrap();
    let r = PointSet::from_split(&plane).unwrap();
    assert_eq!(r.task(), PointTask::Regression);
    assert_eq!(r.to_dataset().targets.len(), 50);

    let empty = two_classes().to_split().unwrap_err().to_string();
    assert!(empty.contains("click on the map"), "{empty}");
}
