// DefocusJ sample macro: depth from focus on one focus stack.
//
// In Fiji: Plugins > Macros > Run... (asks for the stack). Headless, with arguments:
//   ImageJ-linux64 --headless --console -macro depth_from_focus.ijm "stack=[/data/sweep.tif] output=[/data/out]"
// Arguments (all optional):
//   stack=<file>      focus stack: multi-page TIFF or hyperstack, focus axis Z (or T when Z is 1)
//   focus=<list>      focus distances "0.5,0.8,1.2", "auto" (sidecar NAME.focus.txt, z-calibration or
//                     slice labels 'focus=<d> <unit>') or "index" (unknown: relative depth); default auto
//   unit=<unit>       unit of a typed list: m, cm, mm, um, nm; default m
//   output=<folder>   also save <name>-depth.tif and <name>-confidence.tif there

args = getArgument();
stack = call("ij.Macro.getValue", args, "stack", "");
focus = call("ij.Macro.getValue", args, "focus", "auto");
unit = call("ij.Macro.getValue", args, "unit", "m");
output = call("ij.Macro.getValue", args, "output", "");
if (stack == "")
	stack = File.openDialog("Choose a focus stack");

setBatchMode(true);
open(stack);
title = getTitle();
// This line is what the macro recorder writes for Plugins > DefocusJ > Depth from Focus.
run("Depth from Focus", "stack=[" + title + "] focus_distances=[" + focus + "] unit=" + unit
	+ " focus_measure=sml window=9 interpolation=auto all-in-focus=weighted min_confidence=0 confidence_map");
base = File.getNameWithoutExtension(title);
selectImage(base + "-depth");
getRawStatistics(count, mean, min, max);
Stack.getUnits(xUnit, yUnit, zUnit, timeUnit, valueUnit);  // the depth unit is the image's value unit
getPixelSize(unit, pixelWidth, pixelHeight);                 // the stack's xy calibration, kept
print(title + ": depth " + d2s(min, 4) + " .. " + d2s(max, 4) + " " + valueUnit + " (mean " + d2s(mean, 4)
	+ "), " + getWidth() + " x " + getHeight() + " pixels of " + pixelWidth + " " + unit);
if (output != "") {
	File.makeDirectory(output);
	saveAs("Tiff", output + File.separator + base + "-depth.tif");
	selectImage(base + "-confidence");
	saveAs("Tiff", output + File.separator + base + "-confidence.tif");
}
setBatchMode("exit and display");
