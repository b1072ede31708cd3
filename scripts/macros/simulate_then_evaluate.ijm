// DefocusJ sample macro: render a focus stack from an all-in-focus image and its ground-truth depth, run
// depth from focus on it, and score the result against the ground truth (one row in the Results table).
//
// Headless, with arguments:
//   ImageJ-linux64 --headless --console -macro simulate_then_evaluate.ijm "image=[aif.png] depth=[gt.tif]"
// Arguments:
//   image=<file>      all-in-focus image (RGB or gray)
//   depth=<file>      ground-truth depth in metres (32-bit, same size)
//   focus=<list>      focus distances to render, in m (default: 8 distances from 0.5 to 1.32 m)
//   fnumber=<N>, focal=<mm>, sensor=<mm>   thin-lens camera (default f/1.4, 50 mm, 36 mm sensor)

args = getArgument();
image = call("ij.Macro.getValue", args, "image", "");
depth = call("ij.Macro.getValue", args, "depth", "");
focus = call("ij.Macro.getValue", args, "focus", "0.5,0.5485,0.6074,0.6806,0.7742,0.8982,1.0706,1.3247");
fnumber = call("ij.Macro.getValue", args, "fnumber", "1.4");
focal = call("ij.Macro.getValue", args, "focal", "50");
sensor = call("ij.Macro.getValue", args, "sensor", "36");
if (image == "")
	image = File.openDialog("Choose the all-in-focus image");
if (depth == "")
	depth = File.openDialog("Choose its depth map (m)");

setBatchMode(true);
open(image);
aif = getTitle();
open(depth);
gt = getTitle();
run("Simulate Focus Stack", "image=[" + aif + "] depth_map=[" + gt + "] focus_distances=[" + focus + "] unit=m"
	+ " optics=camera f-number=" + fnumber + " focal_length_mm=" + focal + " sensor_width_mm=" + sensor
	+ " numerical_aperture=0.3 refractive_index=1 wavelength_nm=550 magnification=10 camera_pixel_um=6.5"
	+ " psf=gaussian psf_shape_p=2 kernel_size=15 renderer=gather layers=24");
stack = getTitle();
// The simulated slices are labelled 'focus=<d> m', so 'auto' reads the distances back.
run("Depth from Focus", "stack=[" + stack + "] focus_distances=auto unit=m focus_measure=sml window=9"
	+ " interpolation=auto all-in-focus=none min_confidence=0");
prediction = getTitle();
run("Evaluate Depth Map", "prediction=[" + prediction + "] ground_truth=[" + gt + "] min_depth=0.01"
	+ " max_depth=1000 disparity=none table=Results");
row = nResults - 1;
print(prediction + " vs " + gt + ": abs_rel " + d2s(getResult("abs_rel", row), 4) + ", d1 "
	+ d2s(getResult("d1", row), 4) + ", rmse " + d2s(getResult("rmse", row), 4) + " m");
setBatchMode("exit and display");
