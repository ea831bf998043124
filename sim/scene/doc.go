// Package scene composes noiseball's picture once, for every surface that
// shows it: the loss landscape with its contours, each lane's cloud of runs,
// the trail of run 0 and the marks, the legend, the five monitor charts and
// the sweep's heat maps. It draws against the small Canvas interface, which
// the browser game (Ebiten), the PNG raster and the SVG writer implement,
// so that all three show the same picture.
//
// It also holds the pure computations behind the picture: the mapping
// between the plane and the screen, axes and ticks, colour maps, contours
// and the landscape raster. It imports no Ebiten and does no I/O, so it
// builds and is tested natively and under js/wasm.
package scene
