package io.lrlab.system;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Has PostgreSQL plan every statement for its own parameter values. After five executions PostgreSQL may switch a
 * prepared statement to a generic plan, one that does not see its parameters; for a listing filtered by "name contains"
 * that plan guesses a few hundred matches and scans the whole table instead of the trigram index (60 ms instead of 1
 * at 50,000 experiments, {@code bench/run.sh QueryCostBenchmark}). lrlab's statements are short to plan, so each one
 * gets a custom plan. A pool with its own {@code connection-init-sql} keeps it; H2 is left alone.
 */
@Component
class PostgresCustomPlans implements BeanPostProcessor {

    static final String SETTING = "SET plan_cache_mode = force_custom_plan";

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null && pool.getJdbcUrl().startsWith("jdbc:postgresql:")
                && pool.getConnectionInitSql() == null) {
            pool.setConnectionInitSql(SETTING);
        }
        return bean;
    }
}
