package io.lrlab.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.lrlab.LrlabApplication;
import io.lrlab.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every connection of lrlab's pool on PostgreSQL plans each statement for its parameters (a generic plan of "name
 * contains" scans the whole table); an H2 pool, or one whose operator set its own init SQL, is left as configured.
 */
class PostgresCustomPlansTest {

    @Test
    @Tag("postgres")
    void everyPooledPostgresConnectionPlansForItsParameters() {
        try (TestPostgres pg = TestPostgres.newSchema()) {
            List<String> settings = new ArrayList<>(pg.settings());
            settings.addAll(List.of("--server.port=0", "--lrlab.worker.enabled=false", "--lrlab.data-dir=target/test-data/" + pg.schema(),
                    "--spring.datasource.hikari.minimum-idle=3", "--logging.level.root=WARN"));
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(LrlabApplication.class).run(settings.toArray(String[]::new))) {
                JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
                for (int i = 0; i < 3; i++) {
                    assertThat(jdbc.queryForObject("SHOW plan_cache_mode", String.class)).isEqualTo("force_custom_plan");
                }
                assertThat(((HikariDataSource) app.getBean(DataSource.class)).getConnectionInitSql()).isEqualTo(PostgresCustomPlans.SETTING);
            }
        }
    }

    @Test
    void otherPoolsAreLeftAsConfigured() {
        var plans = new PostgresCustomPlans();
        try (HikariDataSource h2 = new HikariDataSource(); HikariDataSource own = new HikariDataSource()) {
            h2.setJdbcUrl("jdbc:h2:mem:plans");
            own.setJdbcUrl("jdbc:postgresql://db/lrlab");
            own.setConnectionInitSql("SET statement_timeout = 5000");
            plans.postProcessBeforeInitialization(h2, "dataSource");
            plans.postProcessBeforeInitialization(own, "dataSource");
            assertThat(h2.getConnectionInitSql()).isNull();
            assertThat(own.getConnectionInitSql()).isEqualTo("SET statement_timeout = 5000");
        }
    }
}
