// Package plot holds the pure computations behind noiseball's pictures: the
// mapping between the plane and the screen, colour maps and the landscape
// raster. It imports no Ebiten, so the browser game and a server-side
// renderer draw from the same code, and it is tested natively.
package plot
