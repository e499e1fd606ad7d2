#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <memory>

namespace sk::bench {

// One item a client may put in its cart.
struct ApiLoadItem {
    qint64 productId = 0;
    qint64 variantId = 0;
};

// What the clients of one run do, and against which server.
struct ApiLoadPlan {
    quint16 port = 0;                   // the API on 127.0.0.1
    int clients = 50;
    int threads = 2;                    // worker threads the clients are spread over
    double seconds = 20;                // no request starts after this
    QList<qint64> productIds;           // product detail pages
    QList<ApiLoadItem> items;           // what carts are filled with, the scarce items among them
    QStringList searchWords;            // "q" of the searches
    QList<qint64> categoryIds;          // category_id filters; may be empty
    QString emailPrefix;                // unique per run: customer i is PREFIX-i@bench.shop
    QString password;
    quint64 seed = 1;
};

// What the clients saw. Every answer other than 2xx counts as an error,
// except 409 from adding to a cart or placing an order: stock that ran out
// meanwhile is the shop working, not failing.
struct ApiLoadResult {
    qint64 requests = 0;
    qint64 errors = 0;
    qint64 conflicts = 0;               // the expected 409s
    qint64 ordersPlaced = 0;
    qint64 ordersCancelled = 0;
    qint64 searches = 0;
    qint64 details = 0;
    double seconds = 0;                 // from the start until the last answer
    double clientCpuSeconds = 0;        // CPU the clients' threads used: the load's own cost
    QList<double> latencyMs;            // every answered request
    QStringList errorSamples;           // the first few errors, for stderr
};

class ApiLoadWorker;

// N keep-alive HTTP/1.1 clients (one QTcpSocket each) on a few worker
// threads, each running a weighted mix for a bounded time: product search
// (random words, price range, category, sort and page), product detail, and
// the shopping flow (registered and signed in once, 1 to 3 items added,
// the cart read, the order placed, sometimes cancelled). start() returns at
// once, so that the caller can run registers meanwhile; wait() joins.
class ApiLoad {
public:
    explicit ApiLoad(ApiLoadPlan plan);
    ~ApiLoad();
    ApiLoad(const ApiLoad &) = delete;
    ApiLoad &operator=(const ApiLoad &) = delete;

    void start();
    ApiLoadResult wait();

private:
    ApiLoadPlan m_plan;
    QList<std::shared_ptr<ApiLoadWorker>> m_workers;
    qint64 m_startNs = 0;
};

} // namespace sk::bench
