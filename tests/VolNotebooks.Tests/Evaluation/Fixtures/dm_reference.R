# Reference values for tests/VolNotebooks.Tests/Evaluation (DieboldMarianoTests, BinomialTestTests,
# HolmTests, MincerZarnowitzTests). Run: Rscript dm_reference.R  (needs r-cran-forecast and r-cran-sandwich).
# The series are closed-form so the C# tests rebuild them exactly without R.
suppressMessages({ library(forecast); library(sandwich) })
options(digits = 15)
show <- function(label, x) cat(sprintf("%s: %s\n", label, paste(sprintf("%.15g", x), collapse = ", ")))

t <- 1:40
e1 <- sin(1.3 * t) + 0.5 * cos(0.7 * t)
e2 <- 1.1 * sin(1.3 * t + 0.4) + 0.2
for (h in c(1, 3)) for (alt in c("two.sided", "less", "greater")) {
  r <- dm.test(e1, e2, alternative = alt, h = h, power = 2)
  show(sprintf("dm n=40 h=%d %s stat, p", h, alt), c(r$statistic, r$p.value))
}
t <- 1:60
e1 <- 0.5 * sin(0.9 * t) + 0.3 * cos(2.1 * t) + 0.01 * t
e2 <- 0.6 * sin(0.9 * t + 1) + 0.2 * cos(1.7 * t)
r <- dm.test(e1, e2, h = 5, power = 2)
show("dm n=60 h=5 two.sided stat, p", c(r$statistic, r$p.value))

show("binom 3/20 p=0.3 two.sided", binom.test(3, 20, 0.3)$p.value)
show("binom 14/20 p=0.5 two.sided", binom.test(14, 20, 0.5)$p.value)
show("binom 9/12 p=0.4 two.sided", binom.test(9, 12, 0.4)$p.value)
show("binom 7/10 p=0.5 greater", binom.test(7, 10, 0.5, alternative = "greater")$p.value)
show("binom 2/25 p=0.1 greater", binom.test(2, 25, 0.1, alternative = "greater")$p.value)

show("holm", p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.2), method = "holm"))
show("holm ties", p.adjust(c(0.02, 0.02, 0.5, 0.001), method = "holm"))

t <- 1:50
f <- 1 + 0.5 * sin(0.8 * t) + 0.2 * cos(0.3 * t)
y <- 0.3 + 0.9 * f + 0.25 * sin(2.7 * t + 1)
fit <- lm(y ~ f)
show("mz alpha, beta", coef(fit))
show("mz r2", summary(fit)$r.squared)
V <- NeweyWest(fit, lag = 3, prewhite = FALSE, adjust = FALSE)
show("mz nw lag3 cov (a,a), (a,b), (b,b)", c(V[1, 1], V[1, 2], V[2, 2]))
theta <- coef(fit) - c(0, 1)
W <- drop(t(theta) %*% solve(V) %*% theta)
show("mz wald, p", c(W, pchisq(W, 2, lower.tail = FALSE)))
fitlog <- lm(log(y) ~ log(f))
show("mz log alpha, beta", coef(fitlog))
