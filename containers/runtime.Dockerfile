# switchboard/runtime: Node and the app, FROM scratch, no base image pulled. `npm run images`
# (containers/build-images.ts) stages the context this file expects, then builds the images of
# containers/Dockerfile on top of this one:
#   rootfs/usr/local/bin/node     the Node that runs the project
#   rootfs/lib*                   the shared libraries `ldd` lists for it
#   rootfs/etc/passwd, group      root and nobody (the images run as nobody)
#   rootfs/tmp                    where tsx keeps its compile cache
#   rootfs/app                    package.json, tsconfig.json, bin/, src/, simulator/ and the
#                                 production node_modules (testcontainers left out: it drives
#                                 images, it does not run in them)
# Every staged file has a fixed mtime and mode, so the same inputs give the same layer.
FROM scratch
COPY rootfs/ /
WORKDIR /app
ENV NODE_ENV=production
USER 65534:65534
ENTRYPOINT ["/usr/local/bin/node", "/app/bin/switchboard.mjs"]
