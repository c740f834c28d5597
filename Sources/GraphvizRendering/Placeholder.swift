enum GraphvizRenderingPlaceholder {}
