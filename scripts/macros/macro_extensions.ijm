// DefocusJ sample macro: the Ext.* functions (see Ext.help()).
//
// Arguments: stack=<focus stack file> gt=<ground-truth depth file, optional> focus=<list|auto|index>

args = getArgument();
stack = call("ij.Macro.getValue", args, "stack", "");
gt = call("ij.Macro.getValue", args, "gt", "");
focus = call("ij.Macro.getValue", args, "focus", "auto");
if (stack == "")
	stack = File.openDialog("Choose a focus stack");

run("DefocusJ Macro Extensions");
setBatchMode(true);
open(stack);
// depthFromFocus(title, focusList, measure, window [, unit]) returns the title of the depth image.
depth = Ext.depthFromFocus(getTitle(), focus, "sml", 9);
selectImage(depth);
getRawStatistics(count, mean, min, max);
Stack.getUnits(xUnit, yUnit, zUnit, timeUnit, valueUnit);
print(depth + ": " + d2s(min, 4) + " .. " + d2s(max, 4) + " " + valueUnit);
if (gt != "") {
	open(gt);
	// evaluate(predictionTitle, groundTruthTitle [, minDepth, maxDepth]) appends a row to Results.
	Ext.evaluate(depth, getTitle(), 0.01, 1000);
	print("abs_rel " + d2s(getResult("abs_rel", nResults - 1), 4));
}
setBatchMode("exit and display");
