// DefocusJ sample macro: depth from focus over every TIFF focus stack in a folder.
//
// In Fiji: Plugins > Macros > Run... (asks for the folders). Headless, with arguments:
//   ImageJ-linux64 --headless --console -macro batch_depth_from_focus.ijm "input=[/data/plate] output=[/data/depth]"
// Arguments (all optional):
//   input=<folder>    folder of focus stacks (*.tif, *.tiff); files that are not stacks are skipped
//   output=<folder>   where <name>-depth.tif is written for each stack (created if missing)
//   focus=<list>      "auto" (default: each stack's sidecar, z-calibration or slice labels), "index", or one
//                     list "0.5,0.8,1.2" for all stacks
//   unit=<unit>       unit of a typed list (default m)
//   window=<n>        focus-measure window (odd, default 9)

args = getArgument();
input = call("ij.Macro.getValue", args, "input", "");
output = call("ij.Macro.getValue", args, "output", "");
focus = call("ij.Macro.getValue", args, "focus", "auto");
unit = call("ij.Macro.getValue", args, "unit", "m");
window = call("ij.Macro.getValue", args, "window", "9");
if (input == "")
	input = getDirectory("Choose a folder of focus stacks");
if (output == "")
	output = getDirectory("Choose a folder for the depth maps");
if (!endsWith(input, File.separator))
	input = input + File.separator;
if (!endsWith(output, File.separator))
	output = output + File.separator;
File.makeDirectory(output);

setBatchMode(true);
files = getFileList(input);
Array.sort(files);
done = 0;
for (i = 0; i < files.length; i++) {
	name = files[i];
	lower = toLowerCase(name);
	if (!endsWith(lower, ".tif") && !endsWith(lower, ".tiff"))
		continue;
	open(input + name);
	title = getTitle();
	getDimensions(width, height, channels, slices, frames);
	if (slices < 2 && frames < 2) {
		print("skipped " + name + ": not a stack");
		close(title);
		continue;
	}
	run("Depth from Focus", "stack=[" + title + "] focus_distances=[" + focus + "] unit=" + unit
		+ " focus_measure=sml window=" + window + " interpolation=auto all-in-focus=none min_confidence=0");
	base = File.getNameWithoutExtension(name);
	selectImage(base + "-depth");
	saveAs("Tiff", output + base + "-depth.tif");
	close("*");
	done++;
	print("depth map " + done + ": " + output + base + "-depth.tif");
}
print("DefocusJ batch: " + done + " depth map(s) in " + output);
setBatchMode(false);
