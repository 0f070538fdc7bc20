/*
 * A light load generator for the TCP server scenarios: the echo and connect modes of
 * benchmarks/loadgen.py, with the same options, the same semantics and the same one-line
 * JSON result, in C on epoll so that on a 2-core machine the client costs far less than the
 * server it measures (the Python client on uvloop costs about as much as a raw uvloop echo
 * server, which capped every ratio).
 *
 *   loadgen --port P [--mode echo|connect] --clients C --size S --seconds T [--warmup W]
 *
 * echo:    C connections (opened one after another before the run) each send S bytes, wait
 *          until S bytes came back, and repeat; ops = round trips.
 * connect: C workers each connect, send S bytes, wait for the S-byte echo and close, and
 *          repeat; ops = connections set up and torn down.
 *
 * Ops are counted in the T seconds that follow a W-second warm-up; the output is
 * {"ops": N, "seconds": T'} with T' the measured interval.  Other loadgen.py options
 * (--path, --server-pid) are accepted and ignored.  Every failure (refused, reset, early
 * EOF, more bytes echoed than were sent) ends the run with a message on stderr and status 1.
 * Client sockets set TCP_NODELAY, as asyncio's transports do.
 *
 * connect mode spreads its connections over the source addresses 127.0.0.2-127.0.0.251
 * (all of 127/8 is loopback; the port is still chosen at connect time): the client closes
 * first, so each connection leaves a TIME_WAIT socket behind on the client side, and from one
 * source address Linux can then hand out only about 14k connections a second (connect() uses
 * half of the ephemeral range and reuses a TIME_WAIT port only after a second), which capped
 * every server at the same number.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { MODE_ECHO, MODE_CONNECT };

struct conn {
    int fd;
    size_t sent;     /* bytes of the current message written so far */
    size_t received; /* bytes of its echo read so far */
    int connecting;  /* connect mode: waiting for the nonblocking connect */
};

static int mode = MODE_ECHO;
static int port = 0;
static int clients = 10;
static size_t size = 100;
static double seconds = 2.0;
static double warmup = 0.5;
static char *payload;
static char *readbuf;
static size_t readbuf_size;
static long long ops = 0;
static int epfd;
static struct sockaddr_in target;

static void die(const char *what) {
    fprintf(stderr, "loadgen: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void fail(const char *what) {
    fprintf(stderr, "loadgen: %s\n", what);
    exit(1);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void watch(struct conn *c, int op, unsigned events) {
    struct epoll_event ev;
    ev.events = events;
    ev.data.ptr = c;
    if (epoll_ctl(epfd, op, c->fd, &ev) < 0)
        die("epoll_ctl");
}

static int new_socket(int nonblocking) {
    int fd = socket(AF_INET, SOCK_STREAM | (nonblocking ? SOCK_NONBLOCK : 0), 0);
    if (fd < 0)
        die("socket");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* Write the rest of the current message; watch for writability if the socket is full. */
static void send_more(struct conn *c) {
    while (c->sent < size) {
        ssize_t n = send(c->fd, payload + c->sent, size - c->sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                watch(c, EPOLL_CTL_MOD, EPOLLIN | EPOLLOUT);
                return;
            }
            if (errno == EINTR)
                continue;
            die("send");
        }
        c->sent += (size_t)n;
    }
    watch(c, EPOLL_CTL_MOD, EPOLLIN);
}

static void start_message(struct conn *c) {
    c->sent = 0;
    c->received = 0;
    send_more(c);
}

/* connect mode: open the worker's next connection (nonblocking). */
static void start_connect(struct conn *c) {
    static unsigned next_source = 0;
    c->fd = new_socket(1);
    c->connecting = 1;
    c->sent = c->received = 0;
    int one = 1;
    setsockopt(c->fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    struct sockaddr_in source;
    memset(&source, 0, sizeof source);
    source.sin_family = AF_INET;
    source.sin_addr.s_addr = htonl(0x7f000002u + next_source++ % 250u);
    if (bind(c->fd, (struct sockaddr *)&source, sizeof source) < 0)
        die("bind");
    if (connect(c->fd, (struct sockaddr *)&target, sizeof target) < 0 && errno != EINPROGRESS)
        die("connect");
    watch(c, EPOLL_CTL_ADD, EPOLLOUT);
}

static void on_event(struct conn *c, unsigned events) {
    if (c->connecting) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err) {
            errno = err;
            die("connect");
        }
        c->connecting = 0;
        start_message(c);
        return;
    }
    if ((events & EPOLLOUT) && c->sent < size)
        send_more(c);
    if (!(events & (EPOLLIN | EPOLLERR | EPOLLHUP)))
        return;
    for (;;) {
        ssize_t n = recv(c->fd, readbuf, readbuf_size, 0);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return;
            if (errno == EINTR)
                continue;
            die("recv");
        }
        if (n == 0)
            fail("the server closed a connection");
        c->received += (size_t)n;
        if (c->received > size)
            fail("received more bytes than were sent");
        if (c->received < size)
            continue;
        ops++;
        if (mode == MODE_ECHO) {
            start_message(c);
        } else {
            close(c->fd); /* also leaves the epoll set */
            start_connect(c);
        }
        return;
    }
}

static void usage(void) {
    fail("usage: loadgen --port P [--mode echo|connect] [--clients C] [--size S] "
         "[--seconds T] [--warmup W]");
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        if (i + 1 >= argc)
            usage();
        const char *val = argv[++i];
        if (!strcmp(opt, "--port"))
            port = atoi(val);
        else if (!strcmp(opt, "--mode")) {
            if (!strcmp(val, "echo"))
                mode = MODE_ECHO;
            else if (!strcmp(val, "connect"))
                mode = MODE_CONNECT;
            else
                fail("only the echo and connect modes are implemented in C");
        } else if (!strcmp(opt, "--clients"))
            clients = atoi(val);
        else if (!strcmp(opt, "--size"))
            size = (size_t)atol(val);
        else if (!strcmp(opt, "--seconds"))
            seconds = atof(val);
        else if (!strcmp(opt, "--warmup"))
            warmup = atof(val);
        else if (strcmp(opt, "--path") && strcmp(opt, "--server-pid"))
            usage();
    }
    if (port <= 0 || clients <= 0 || size == 0)
        usage();

    payload = malloc(size);
    readbuf_size = size < 65536 ? 65536 : size;
    readbuf = malloc(readbuf_size);
    struct conn *conns = calloc((size_t)clients, sizeof *conns);
    if (!payload || !readbuf || !conns)
        fail("out of memory");
    memset(payload, 'x', size);
    memset(&target, 0, sizeof target);
    target.sin_family = AF_INET;
    target.sin_port = htons((unsigned short)port);
    target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    epfd = epoll_create1(0);
    if (epfd < 0)
        die("epoll_create1");

    for (int i = 0; i < clients; i++) {
        struct conn *c = &conns[i];
        if (mode == MODE_CONNECT) {
            start_connect(c);
            continue;
        }
        /* echo: connections are opened one after another, then the traffic starts. */
        c->fd = new_socket(0);
        if (connect(c->fd, (struct sockaddr *)&target, sizeof target) < 0)
            die("connect");
        if (fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK) < 0)
            die("fcntl");
        watch(c, EPOLL_CTL_ADD, EPOLLIN);
    }
    if (mode == MODE_ECHO)
        for (int i = 0; i < clients; i++)
            start_message(&conns[i]);

    struct epoll_event events[256];
    double begin = now();
    double measure_from = begin + warmup, measure_to = measure_from + seconds;
    double start = 0;
    long long start_ops = 0;
    int measuring = 0;
    for (;;) {
        double t = now();
        if (!measuring && t >= measure_from) {
            measuring = 1;
            start = t;
            start_ops = ops;
            measure_to = t + seconds; /* the whole window, however late it began */
        }
        if (measuring && t >= measure_to)
            break;
        double until = measuring ? measure_to : measure_from;
        int timeout = (int)((until - t) * 1000) + 1;
        int n = epoll_wait(epfd, events, 256, timeout);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++)
            on_event(events[i].data.ptr, events[i].events);
    }
    double end = now();
    printf("{\"ops\": %lld, \"seconds\": %.6f}\n", ops - start_ops, end - start);
    fflush(stdout);
    for (int i = 0; i < clients; i++)
        close(conns[i].fd);
    return 0;
}
