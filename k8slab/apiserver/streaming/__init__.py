"""Streams over upgraded connections: exec, attach, port-forward, and followed logs.

    wsstream.py       WebSocket channels (`channel.k8s.io`, `v4.channel.k8s.io`, `v5.channel.k8s.io`)
    spdy.py           SPDY/3.1 frames and the server side of a SPDY connection
    remotecommand.py  exec and attach on those: stdin, stdout, stderr, error, resize
    portforward.py    port-forward on those: data and error stream pairs per port
    upgrade.py        taking the aiohttp connection over (WebSocket, SPDY, SPDY inside a WebSocket)
    chunked.py        a growing text body (`kubectl logs -f`)

Every kubectl on this machine is served: 1.30 and later exec and attach over WebSocket
(`v5.channel.k8s.io`), 1.27 to 1.29 over SPDY/3.1 (`v4.channel.k8s.io`); port-forward over SPDY,
tunnelled in a WebSocket by 1.31 and later. The official Python client uses WebSockets
(`v5`/`v4.channel.k8s.io` for exec, `v4.channel.k8s.io` for port-forward).
"""
