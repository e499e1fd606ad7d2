#pragma once

#include <QThreadPool>

namespace sk {

// Threads on which services orchestrate an operation: hash a password, then
// wait for the database worker. Kept apart from QThreadPool::globalInstance()
// so blocking waits here never starve Qt Concurrent users elsewhere.
QThreadPool &backgroundPool();

} // namespace sk
