"""The Qt layer: adapts the pure core to widgets. The only package allowed to import Qt."""
